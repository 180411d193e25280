import { createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluationSchema, recipeSchema } from '../../shared/training';
import {
  findPython,
  findTorchPython,
  pythonResourcesDir,
  runnerScript,
  runnerOutput,
  startRunner,
  type RunnerEvent,
  type RunSpec,
} from '../support/python';
import { repoRoot, tempDir } from '../support/temp-dir';

const torchPython = findTorchPython();
const python = findPython();

/** True while a process with this pid exists (and is not a zombie). */
function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}
const noTorch = 'PyTorch is not importable by WORKBENCH_PYTHON, python3 or /usr/bin/python3 (apt-get install python3-torch)';
if (!torchPython) console.warn(`python-runner: skipping the recipe tests: ${noTorch}`);
const cudaAvailable =
  !!torchPython &&
  execFileSync(torchPython, ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8' }).trim() === 'True';
const fixtures = join(repoRoot, 'test', 'fixtures', 'python');

let home: ReturnType<typeof tempDir>;
let data: RunSpec['data'];

/** 12 dark "defective" and 12 light "good" noisy JPEGs, named like the reference dataset. */
async function writeImageSet(dir: string): Promise<RunSpec['data']> {
  mkdirSync(dir, { recursive: true });
  const files: { path: string; label: string }[] = [];
  for (const [label, shade] of [
    ['defective', 40],
    ['good', 200],
  ] as const) {
    for (let i = 1; i <= 12; i++) {
      const path = `${label}_${String(i).padStart(4, '0')}.jpg`;
      await sharp({
        create: {
          width: 48,
          height: 40,
          channels: 3,
          background: { r: shade, g: shade, b: shade + i },
          noise: { type: 'gaussian', mean: shade, sigma: 30 },
        },
      })
        .jpeg()
        .toFile(join(dir, path));
      files.push({ path, label });
    }
  }
  const manifest = join(dir, '..', 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ labels: ['defective', 'good'], files }));
  return { dir, manifest };
}

function spec(name: string, code: RunSpec['code'], params: RunSpec['params'], device: RunSpec['device'] = 'auto'): RunSpec {
  return { runId: name, code, params, device, data, outDir: join(home.path, name, 'artifacts') };
}

const ofType = (events: RunnerEvent[], type: string) => events.filter((e) => e.type === type);
const metric = (events: RunnerEvent[], key: string) => events.filter((e) => e.type === 'metric' && e.key === key);

/** Pids of the processes whose parent is `pid` (DataLoader workers of a runner). */
function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

beforeAll(async () => {
  home = tempDir('workbench-runner-');
  data = await writeImageSet(join(home.path, 'data', 'images'));
});
afterAll(() => home?.remove());

describe('the Python training runner (real python3 and PyTorch, events on fd 3)', () => {
  it.skipIf(!torchPython)(
    'trains tyre-quality on 24 images: events in order, metrics, a consistent evaluation, artifacts, an ONNX model onnxruntime loads',
    async () => {
      const params = { epochs: 1, train_size: 16, test_size: 8, batch_size: 8 };
      const run = startRunner(
        torchPython!,
        join(home.path, 'recipe'),
        spec('recipe', { kind: 'recipe', recipe: 'tyre-quality' }, params, 'cpu'),
      );
      const exit = await run.ended;
      expect(exit.code, run.output()).toBe(0);
      const { events } = run;
      expect(events.map((e) => e.type).slice(0, 4)).toEqual(['status', 'env', 'code', 'params']);
      expect(events[0]).toMatchObject({ status: 'running' });
      expect(events.at(-1)).toMatchObject({ type: 'status', status: 'finished' });
      expect(events.every((e, i) => typeof e.time === 'number' && (i === 0 || e.time >= events[i - 1]!.time))).toBe(true);
      expect(events[1]).toMatchObject({ device: 'cpu', cuda: null, gpus: [], torch: expect.stringMatching(/^\d+\.\d+/) });
      expect(events[2]).toMatchObject({ recipe: 'tyre-quality', version: 1 });
      expect(events[3]!.params).toEqual({ ...params, lr: 0.001, seed: 77, image_size: 224, workers: 2, limit: 0 });

      expect(metric(events, 'train/loss').map((e) => e.step)).toEqual([1, 2]);
      for (const key of ['train/epoch_loss', 'train/accuracy', 'train/images_per_s', 'test/accuracy', 'time/epoch_s']) {
        expect(
          metric(events, key).map((e) => e.step),
          key,
        ).toEqual([1]);
      }
      const lastProgress = ofType(events, 'progress').at(-1)!;
      expect(lastProgress).toMatchObject({ done: 2, total: 2, unit: 'steps' });

      const evaluation = evaluationSchema.parse(ofType(events, 'evaluation')[0]);
      const cells = evaluation.confusion.flat();
      expect(cells.reduce((a, b) => a + b, 0)).toBe(8);
      expect(evaluation.samples).toBe(8);
      expect(evaluation.accuracy).toBeCloseTo((evaluation.confusion[0]![0]! + evaluation.confusion[1]![1]!) / 8, 10);
      expect(metric(events, 'test/accuracy')[0]!.value).toBeCloseTo(evaluation.accuracy, 10);
      expect(evaluation.perClass.map((c) => c.support)).toEqual(evaluation.confusion.map((row) => row[0]! + row[1]!));

      const artifacts = Object.fromEntries(ofType(events, 'artifact').map((a) => [a.name as string, a]));
      expect(Object.keys(artifacts).sort()).toEqual([
        'confusion_matrix.png',
        'labels.json',
        'model.onnx',
        'model.pt',
        'split.json',
      ]);
      expect(artifacts['model.onnx']!.kind).toBe('model-onnx');
      expect(artifacts['model.pt']!.kind).toBe('model-torchscript');
      expect(artifacts['confusion_matrix.png']!.kind).toBe('confusion-matrix');
      for (const a of Object.values(artifacts)) expect(statSync(a.path as string).size, a.name as string).toBeGreaterThan(0);
      const png = await sharp(artifacts['confusion_matrix.png']!.path as string).metadata();
      expect(png.format).toBe('png');

      const split = JSON.parse(readFileSync(artifacts['split.json']!.path as string, 'utf8')) as Record<
        string,
        { path: string; label: string }[]
      >;
      expect(split.train).toHaveLength(16);
      expect(split.test).toHaveLength(8);
      expect(new Set([...split.train!, ...split.test!].map((f) => f.path)).size).toBe(24);
      const testDefective = split.test!.filter((f) => f.label === 'defective').length;
      expect(evaluation.perClass[0]).toMatchObject({ label: 'defective', support: testDefective });

      const session = await ort.InferenceSession.create(artifacts['model.onnx']!.path as string);
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['logits']);
      const input = new ort.Tensor('float32', new Float32Array(3 * 3 * 224 * 224), [3, 3, 224, 224]);
      const output = await session.run({ input });
      expect(output.logits!.dims).toEqual([3, 2]);
    },
    120_000,
  );

  it('tracks a user script through the SDK: params, metrics with automatic steps, progress, an artifact', async () => {
    const script = join(fixtures, 'sdk_script.py');
    const runDir = join(home.path, 'sdk');
    const run = startRunner(
      python,
      runDir,
      spec('sdk', { kind: 'script', path: script, args: ['--epochs', '3'] }, { note: 'from the start form' }),
    );
    const exit = await run.ended;
    expect(exit.code, run.output()).toBe(0);
    const { events } = run;
    expect(events[0]).toMatchObject({ type: 'status', status: 'running' });
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'finished' });
    const sha256 = createHash('sha256').update(readFileSync(script)).digest('hex');
    expect(ofType(events, 'code')).toEqual([expect.objectContaining({ script, sha256 })]);
    expect(ofType(events, 'params').map((e) => e.params)).toEqual([
      { note: 'from the start form' },
      { epochs: 3, optimizer: 'sgd', momentum: 0.9, layers: '[64, 32]' },
      { lr: 0.01 },
    ]);
    expect(metric(events, 'train/loss').map((e) => [e.step, e.value])).toEqual([
      [0, 0.5],
      [1, 0.25],
      [2, 0.125],
    ]);
    expect(metric(events, 'val/accuracy').map((e) => e.step)).toEqual([1, 2, 3]);
    expect(ofType(events, 'progress').at(-1)).toMatchObject({ done: 3, total: 3, unit: 'epochs', message: 'epoch 3/3' });
    const summaryPath = join(runDir, 'summary.json');
    expect(ofType(events, 'artifact')).toEqual([
      expect.objectContaining({ name: 'summary.json', kind: 'file', path: summaryPath }),
    ]);
    expect(JSON.parse(readFileSync(summaryPath, 'utf8'))).toMatchObject({
      data_dir: data.dir,
      images: 24,
      note: 'from the start form',
    });
    expect(run.output()).toContain('trained 3 epochs');
    expect(existsSync(join(runDir, 'events.jsonl'))).toBe(false);
  });

  it('lets the same script run without the app: events appended to events.jsonl, nothing printed but its own output', () => {
    const cwd = join(home.path, 'standalone');
    mkdirSync(cwd, { recursive: true });
    const env = { ...process.env, PYTHONPATH: pythonResourcesDir, WORKBENCH_EVENTS_FD: '', WORKBENCH_SPEC: '' };
    const ran = spawnSync(python, [join(fixtures, 'sdk_script.py'), '--epochs', '2'], { cwd, env, encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('trained 2 epochs, final loss 0.25\n');
    expect(ran.stderr).toBe('');
    const events = readFileSync(join(cwd, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunnerEvent);
    expect(metric(events, 'train/loss').map((e) => e.step)).toEqual([0, 1]);
    expect(ofType(events, 'artifact')).toEqual([expect.objectContaining({ path: join(cwd, 'summary.json') })]);
    expect(JSON.parse(readFileSync(join(cwd, 'summary.json'), 'utf8'))).toMatchObject({ data_dir: null, images: 0, note: null });
  });

  it('reports a failing script: its error and traceback, status failed, exit code 1; sys.exit(3) fails with code 3', async () => {
    const script = join(fixtures, 'failing_script.py');
    const run = startRunner(python, join(home.path, 'fail'), spec('fail', { kind: 'script', path: script }, {}));
    expect((await run.ended).code).toBe(1);
    const error = ofType(run.events, 'error')[0]!;
    expect(error.message).toBe('ValueError: learning rate must be positive, got -1');
    expect(error.traceback).toMatch(/failing_script\.py", line \d+, in check_learning_rate/);
    expect(error.traceback).not.toMatch(/runpy|workbench_runner/);
    expect(metric(run.events, 'train/loss')).toHaveLength(1);
    expect(run.events.at(-1)).toMatchObject({ type: 'status', status: 'failed' });

    const exited = startRunner(
      python,
      join(home.path, 'exit3'),
      spec('exit3', { kind: 'script', path: script, args: ['--exit', '3'] }, {}),
    );
    expect((await exited.ended).code).toBe(3);
    expect(ofType(exited.events, 'error')[0]).toMatchObject({ message: 'the script exited with code 3' });
    expect(exited.events.at(-1)).toMatchObject({ type: 'status', status: 'failed' });
  });

  it.skipIf(!torchPython)('stops on SIGTERM during training: status cancelled, exit 143, DataLoader workers gone', async () => {
    const params = { epochs: 50, train_size: 16, test_size: 8, batch_size: 4, image_size: 64, workers: 2 };
    const run = startRunner(
      torchPython!,
      join(home.path, 'cancel'),
      spec('cancel', { kind: 'recipe', recipe: 'tyre-quality' }, params, 'cpu'),
    );
    await run.waitForEvent((e) => e.type === 'metric');
    const workers = childPids(run.child.pid!);
    expect(workers.length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    const exit = await Promise.race([
      run.ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`still running 20 s after SIGTERM:\n${run.output()}`)), 20_000),
      ),
    ]);
    expect(exit.code).toBe(143);
    expect(run.events.at(-1)).toMatchObject({ type: 'status', status: 'cancelled' });
    expect(ofType(run.events, 'status').map((e) => e.status)).toEqual(['running', 'cancelled']);
    expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });

  it.skipIf(!torchPython)('refuses sizes larger than the dataset, naming the parameters to change', async () => {
    const run = startRunner(
      torchPython!,
      join(home.path, 'sizes'),
      spec('sizes', { kind: 'recipe', recipe: 'tyre-quality' }, {}, 'cpu'),
    );
    expect((await run.ended).code).toBe(1);
    expect(ofType(run.events, 'error')[0]!.message).toMatch(
      /train_size \(1500\) \+ test_size \(356\) = 1856 is more than the 24 images .*lower train_size and test_size/,
    );
    expect(run.events.at(-1)).toMatchObject({ type: 'status', status: 'failed' });
  });

  it.skipIf(!torchPython || cudaAvailable)(
    'fails a run that asks for CUDA on a machine without it, saying what to choose instead',
    async () => {
      const run = startRunner(
        torchPython!,
        join(home.path, 'cuda'),
        spec('cuda', { kind: 'recipe', recipe: 'tyre-quality' }, {}, 'cuda'),
      );
      expect((await run.ended).code).toBe(1);
      expect(ofType(run.events, 'error')[0]!.message).toMatch(/device 'cuda' was requested .* Choose device 'auto' or 'cpu'/);
    },
  );

  it('cancels itself when the app that started it is killed outright, so no training is left running alone', async () => {
    const runDir = join(home.path, 'orphan');
    mkdirSync(runDir, { recursive: true });
    const specPath = join(runDir, 'spec.json');
    const script = join(repoRoot, 'test', 'fixtures', 'training', 'endless_script.py');
    writeFileSync(specPath, JSON.stringify(spec('orphan', { kind: 'script', path: script, args: [] }, {})));
    // A stand-in for the app: starts the runner in its own process group, as the app does, and prints its pid.
    const app = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.argv[1], ['-u', process.argv[2], '--spec', process.argv[3]],
          { detached: true, cwd: process.argv[4], stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
            env: { ...process.env, WORKBENCH_EVENTS_FD: '3', PYTHONPATH: process.argv[5] } });
         c.stdio[3].once('data', () => console.log(c.pid));`,
        python,
        runnerScript,
        specPath,
        runDir,
        pythonResourcesDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = Number((await once(app.stdout!, 'data'))[0]);
    // The script's own child process (`sleep 600`) must go too: it is in the runner's process group.
    await vi.waitFor(() => expect(childPids(pid).length).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
    const tree = [pid, ...childPids(pid)];
    app.kill('SIGKILL');
    await vi.waitFor(() => expect(tree.filter(alive)).toEqual([]), { timeout: 15_000, interval: 50 });
  });

  it('checks recipe parameters before training: limit scales the split, typos and wrong types are named', () => {
    const prepare = (params: Record<string, unknown>) => {
      const code = [
        'import json, sys',
        'from workbench.recipes import tyre_quality',
        'from workbench._runtime import RunError',
        'try:',
        '    p, labels, files = tyre_quality.prepare(json.loads(sys.argv[1]), json.loads(sys.argv[2]))',
        '    print(json.dumps({"params": p, "files": [f["path"] for f in files]}))',
        'except RunError as e:',
        '    print(json.dumps({"error": str(e)}))',
      ].join('\n');
      const env = { ...process.env, PYTHONPATH: pythonResourcesDir };
      const out = execFileSync(python, ['-c', code, JSON.stringify(params), JSON.stringify(data)], { env, encoding: 'utf8' });
      return JSON.parse(out) as { params?: Record<string, unknown>; files?: string[]; error?: string };
    };
    const limited = prepare({ limit: 10, epochs: '3' });
    expect(limited.params).toMatchObject({ limit: 10, train_size: 8, test_size: 2, epochs: 3 });
    expect(limited.files).toHaveLength(10);
    // Every class is in a trial run, even though the dataset sorts by class (defective_* before good_*).
    expect(new Set(limited.files!.map((f) => f.split('_')[0]))).toEqual(new Set(['defective', 'good']));
    expect(prepare({ limit: 10, test_size: 4 }).params).toMatchObject({ train_size: 6, test_size: 4 });
    expect(prepare({ epoch: 3 }).error).toMatch(/unknown parameter 'epoch'; this recipe takes: epochs, batch_size/);
    expect(prepare({ epochs: 2.5 }).error).toBe("parameter 'epochs' must be a whole number, got 2.5");
    expect(prepare({ limit: 10, train_size: 9, test_size: 4 }).error).toMatch(
      /train_size \(9\) \+ test_size \(4\) = 13 is more than the 10 images chosen by limit 10/,
    );
  });

  it('describes the built-in recipes with their parameters and defaults (--describe-recipes)', () => {
    const described = JSON.parse(runnerOutput(python, ['--describe-recipes'])) as { recipes: unknown[] };
    const recipes = described.recipes.map((r) => recipeSchema.parse(r));
    const tyre = recipes.find((r) => r.id === 'tyre-quality')!;
    expect(tyre).toMatchObject({ version: 1, title: 'Tyre quality classifier' });
    expect(Object.fromEntries(tyre.params.map((p) => [p.key, p.default]))).toEqual({
      epochs: 2,
      batch_size: 64,
      lr: 0.001,
      seed: 77,
      train_size: 1500,
      test_size: 356,
      image_size: 224,
      workers: 2,
      limit: 0,
    });
    expect(tyre.params.every((p) => p.help.length > 10)).toBe(true);
  });
});
