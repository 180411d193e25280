import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectEnvs, parseCondaEnvList } from '../../electron/core/training/env-detect';
import { installHint } from '../../electron/core/training/env-service';
import { tempDir } from '../support/temp-dir';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function fakePython(prefix: string): string {
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  const python = join(prefix, 'bin', 'python');
  writeFileSync(python, '#!/bin/sh\n');
  chmodSync(python, 0o755);
  return python;
}

describe('finding Python environments', () => {
  it('reads `conda env list --json`, naming the base environment "base"', () => {
    const output = JSON.stringify({ envs: ['/opt/conda', '/opt/conda/envs/torch-2.3', '/home/me/.conda/envs/cv'] });
    expect(parseCondaEnvList(output)).toEqual([
      { name: 'base', kind: 'conda', python: '/opt/conda/bin/python' },
      { name: 'torch-2.3', kind: 'conda', python: '/opt/conda/envs/torch-2.3/bin/python' },
      { name: 'cv', kind: 'conda', python: '/home/me/.conda/envs/cv/bin/python' },
    ]);
  });

  it('ignores conda output that is not its JSON', () => {
    expect(parseCondaEnvList('CondaError: something')).toEqual([]);
    expect(parseCondaEnvList('{"envs": "nope"}')).toEqual([]);
  });

  it('finds conda folders, virtualenvs, $VIRTUAL_ENV and ./.venv, each once', async () => {
    const home = tempDir('envs-home-');
    const cwd = tempDir('envs-cwd-');
    dirs.push(home, cwd);
    const conda = fakePython(join(home.path, 'miniconda3/envs/torch'));
    const venv = fakePython(join(home.path, '.virtualenvs/vision'));
    const active = fakePython(join(home.path, 'projects/tyres/env'));
    const local = fakePython(join(cwd.path, '.venv'));
    mkdirSync(join(home.path, '.virtualenvs/broken')); // no bin/python: not an environment
    const found = await detectEnvs({
      env: { HOME: home.path, PATH: '/nonexistent', VIRTUAL_ENV: join(home.path, 'projects/tyres/env') },
      cwd: cwd.path,
    });
    const byPython = new Map(found.map((c) => [c.python, c]));
    expect(byPython.get(conda)).toEqual({ name: 'torch', kind: 'conda', python: conda });
    expect(byPython.get(venv)).toEqual({ name: 'vision', kind: 'venv', python: venv });
    expect(byPython.get(active)).toEqual({ name: 'env', kind: 'venv', python: active });
    expect(byPython.get(local)).toMatchObject({ kind: 'venv', python: local });
    expect(found.some((c) => c.python.includes('broken'))).toBe(false);
    expect(new Set(found.map((c) => c.python)).size).toBe(found.length);
  });

  it('gives the install command for the environment that lacks PyTorch', () => {
    expect(installHint({ kind: 'system', python: '/usr/bin/python3' })).toMatch(
      /sudo apt-get install python3-torch python3-torchvision/,
    );
    expect(installHint({ kind: 'venv', python: '/home/me/v/bin/python' })).toBe(
      'Install it in this environment: /home/me/v/bin/python -m pip install torch torchvision',
    );
  });
});
