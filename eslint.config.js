// Lint, including the layering rule of ARCHITECTURE.md: shared ← electron/core ← electron/{main,server,cli,lab};
// the renderer imports only shared; only electron/main and electron/preload may import 'electron'.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ['error', { patterns, paths }];
const electronBan = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron; core stays electron-free.',
};
const rawIpcBan = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed binding (electron/main/ipc-binding.ts, electron/preload) instead of raw IPC.',
};
const noRenderer = { group: ['**/renderer/**'], message: 'The backend never imports the renderer; share through shared/.' };
const noElectronDir = {
  group: ['**/electron/**', '!**/shared/**'],
  message: 'Import the backend only through the contract in shared/.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        [noRenderer, { group: ['**/electron/**'], message: 'shared/ is the contract; it imports neither side.' }],
        [electronBan],
      ),
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        [noElectronDir, { group: ['node:*'], message: 'The renderer has no Node.' }],
        [electronBan],
      ),
    },
  },
  {
    files: ['electron/core/**', 'electron/server/**', 'electron/cli/**', 'electron/lab/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          noRenderer,
          { group: ['**/main/**', '**/preload/**'], message: 'Core and its shells do not depend on the Electron shell.' },
        ],
        [electronBan],
      ),
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          noRenderer,
          {
            group: ['**/server/**', '**/cli/**', '**/lab/**', '**/main/**', '**/preload/**'],
            message: 'electron/core is the bottom layer of the backend; shells import it, not the reverse.',
          },
        ],
        [electronBan],
      ),
    },
  },
  {
    files: ['electron/main/**'],
    ignores: ['electron/main/ipc-binding.ts'],
    rules: { 'no-restricted-imports': restrict([noRenderer], [rawIpcBan]) },
  },
  {
    files: ['**/*.config.{ts,js}', 'renderer/vite.config.ts', 'eslint.config.js', 'playwright.config.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
);
