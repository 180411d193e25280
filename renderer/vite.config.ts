import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../shared/security.ts';

/**
 * Puts the one CSP into the page itself, so it holds under file:// in Electron as well as over HTTP.
 * `frame-ancestors` only works as a header (the server and main send it), so it is left out here.
 */
const cspMeta = (): Plugin => ({
  name: 'workbench-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: CONTENT_SECURITY_POLICY.split('; ')
          .filter((d) => !d.startsWith('frame-ancestors'))
          .join('; '),
      },
      injectTo: 'head-prepend',
    },
  ],
});

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
});
