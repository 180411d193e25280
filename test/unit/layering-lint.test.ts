import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering lint rule', () => {
  it('keeps electron out of core, server, cli and lab', async () => {
    for (const dir of ['core/jobs', 'server', 'cli', 'lab']) {
      expect(await importErrors(`electron/${dir}/x.ts`, "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(
        1,
      );
    }
  });
  it('keeps the renderer to shared only', async () => {
    expect(
      await importErrors(
        'renderer/src/x.ts',
        "import { createBackend } from '../../electron/core/backend';\nexport const b = createBackend;\n",
      ),
    ).toHaveLength(1);
    expect(
      await importErrors('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('renderer/src/x.ts', "import { methods } from '../../shared/contract';\nexport const m = methods;\n"),
    ).toEqual([]);
  });
  it('keeps shared free of both sides', async () => {
    expect(
      await importErrors('shared/x.ts', "import { EventBus } from '../electron/core/event-bus';\nexport const e = EventBus;\n"),
    ).toHaveLength(1);
  });
  it('keeps core from importing its shells', async () => {
    expect(
      await importErrors(
        'electron/core/x.ts',
        "import { startServer } from '../server/server';\nexport const s = startServer;\n",
      ),
    ).toHaveLength(1);
  });
  it('bans raw ipcMain outside the typed binding', async () => {
    expect(
      await importErrors('electron/main/x.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('electron/main/ipc-binding.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"),
    ).toEqual([]);
  });
});
