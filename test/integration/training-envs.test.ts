import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { openBackend, writeTyreImages } from '../fixtures/training/harness';

const systemPython = '/usr/bin/python3';
const systemHasTorch = (() => {
  try {
    execFileSync(systemPython, ['-c', 'import torch, torchvision'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
})();

let home: ReturnType<typeof tempDir>;
let h: ReturnType<typeof openBackend>;
let bareVenvPython: string;

beforeAll(async () => {
  home = tempDir('training-envs-');
  // A virtualenv without PyTorch, as a user might add by mistake (no system packages, no pip: fast).
  execFileSync(systemPython, ['-m', 'venv', '--without-pip', join(home.path, 'bare-venv')], { timeout: 60_000 });
  bareVenvPython = join(home.path, 'bare-venv/bin/python');
  h = openBackend(join(home.path, 'data'));
}, 120_000);
afterAll(async () => {
  await h?.backend.dispose();
  home?.remove();
});

describe('Python environments for training', () => {
  it.runIf(systemHasTorch)('finds the system Python with PyTorch and makes it the default', async () => {
    const { envs } = await h.call('envs.list', {});
    const system = envs.find((e) => e.python === systemPython);
    expect(system).toMatchObject({ kind: 'system', torch: expect.any(String), torchvision: expect.any(String), problem: null });
    expect(envs.filter((e) => e.isDefault)).toHaveLength(1);
    expect(envs.find((e) => e.isDefault)!.torch).not.toBeNull();
  });

  it('adds an interpreter by path and explains the missing PyTorch with the command for that environment', async () => {
    const env = await h.call('envs.add', { python: bareVenvPython, name: 'bare' });
    expect(env).toMatchObject({ name: 'bare', kind: 'custom', python: bareVenvPython, torch: null });
    expect(env.problem).toBe('PyTorch is not installed in this environment.');
    expect(env.hint).toBe(`Install it in this environment: ${bareVenvPython} -m pip install torch torchvision`);
    expect((await h.call('envs.list', {})).envs.map((e) => e.id)).toContain(env.id);
  });

  it('refuses a path with no interpreter, naming it', async () => {
    await expect(h.call('envs.add', { python: join(home.path, 'nothing/bin/python') })).rejects.toMatchObject({
      code: 'PYTHON_NOT_FOUND',
      message: expect.stringContaining('nothing/bin/python'),
    });
  });

  it('refuses to train a recipe with an environment that has no PyTorch, with the install command', async () => {
    await writeTyreImages(join(home.path, 'tyres'), 4);
    const source = await h.call('sources.addFolder', { path: join(home.path, 'tyres') });
    const dataset = await h.call('datasets.register', { name: 'Tyres (4)', sourceId: source.id, bucket: '.' });
    const bare = (await h.call('envs.list', {})).envs.find((e) => e.python === bareVenvPython)!;
    await expect(
      h.call('runs.start', { datasetId: dataset.id, envId: bare.id, code: { kind: 'recipe', recipe: 'tyre-quality' } }),
    ).rejects.toMatchObject({ code: 'TORCH_MISSING', hint: expect.stringContaining('-m pip install torch torchvision') });
    expect((await h.call('runs.list', {})).runs).toEqual([]);
  });

  it('keeps the default choice across restarts, and forgets an added environment', async () => {
    const bare = (await h.call('envs.list', {})).envs.find((e) => e.python === bareVenvPython)!;
    expect(await h.call('envs.setDefault', { id: bare.id })).toMatchObject({ id: bare.id, isDefault: true });
    await h.backend.dispose();
    h = openBackend(join(home.path, 'data'));
    expect((await h.call('envs.list', {})).envs.find((e) => e.isDefault)?.python).toBe(bareVenvPython);
    expect(await h.call('envs.remove', { id: bare.id })).toEqual({ removed: true });
    const after = (await h.call('envs.list', {})).envs;
    expect(after.some((e) => e.python === bareVenvPython)).toBe(false);
    expect(after.filter((e) => e.isDefault)).toHaveLength(after.length ? 1 : 0);
  });

  it.runIf(systemHasTorch)('lists the tyre-quality recipe with its parameters and defaults', async () => {
    const { recipes } = await h.call('recipes.list', {});
    const tyre = recipes.find((r) => r.id === 'tyre-quality');
    expect(tyre).toMatchObject({ version: 1 });
    expect(Object.fromEntries(tyre!.params.map((p) => [p.key, p.default]))).toMatchObject({
      epochs: 2,
      batch_size: 64,
      lr: 0.001,
      seed: 77,
      train_size: 1500,
      test_size: 356,
      image_size: 224,
    });
    expect(existsSync(join(home.path, 'data', 'python-envs.json'))).toBe(true);
  });
});
