import { createBackend } from '../core/backend';
import { resolveCacheDir, resolveDataDir } from '../core/data-dir';
import { attachLab } from '../lab/attach';
import { startServer } from '../server/server';
import { isLoopback } from './options';
import { appPaths } from './paths';

/** Starts browser mode, prints the URL with its token, and serves until SIGINT/SIGTERM. */
export async function serve(options: { host: string; port: number; version: string }): Promise<void> {
  const paths = appPaths();
  const dataDir = resolveDataDir();
  const backend = createBackend({ dataDir, resourcesDir: paths.resourcesDir, version: options.version, mode: 'browser' });
  let server;
  try {
    server = await startServer({ backend, rendererDir: paths.rendererDir, host: options.host, port: options.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `Port ${options.port} on ${options.host} is already in use: pick another with --port, or --port 0 for any free one.`,
        { cause: err },
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new Error(`Cannot bind ${options.host}: it is not an address of this machine. Use --host 127.0.0.1.`, { cause: err });
    }
    throw err;
  }
  // Only once the port is ours: a failed start must not leave a half-seeded lab behind.
  attachLab(backend, { dataDir, cacheDir: resolveCacheDir() });
  console.log(`ONTAP MLOps Workbench is serving at ${server.url}`);
  console.log(`Data directory: ${dataDir}`);
  if (!isLoopback(options.host)) {
    console.warn(
      `Warning: bound to ${options.host}, reachable from other machines. Anyone with the token can use your storage; ` +
        'prefer the default 127.0.0.1 and an SSH tunnel (ssh -L).',
    );
  }
  const stop = async () => {
    await server.close();
    await backend.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
