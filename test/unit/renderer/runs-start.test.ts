import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/datasets';
import type { PythonEnv } from '../../../shared/training';
import {
  changedParams,
  defaultDatasetId,
  defaultEnvId,
  describeEnv,
  issuesByField,
  parseParams,
  splitArgs,
  startErrors,
  type RecipeParam,
} from '../../../renderer/src/features/runs/start-model';

const params: RecipeParam[] = [
  { key: 'epochs', type: 'int', default: 2, help: 'passes over the training images' },
  { key: 'lr', type: 'float', default: 0.001, help: 'learning rate' },
  { key: 'pretrained', type: 'bool', default: false, help: '' },
  { key: 'note', type: 'string', default: 'x', help: '' },
];

describe('recipe parameters', () => {
  it('starts from the defaults', () => {
    expect(parseParams(params, {})).toEqual({ values: { epochs: 2, lr: 0.001, pretrained: false, note: 'x' }, errors: {} });
  });

  it('reads numbers, exponents and booleans the user typed', () => {
    expect(parseParams(params, { epochs: ' 5 ', lr: '1e-4', pretrained: 'true' }).values).toMatchObject({
      epochs: 5,
      lr: 0.0001,
      pretrained: true,
    });
  });

  it('names the parameter that is not a (whole) number', () => {
    expect(parseParams(params, { epochs: '1.5', lr: 'fast' }).errors).toEqual({
      epochs: 'epochs must be a whole number',
      lr: 'lr must be a number',
    });
    expect(parseParams(params, { epochs: '' }).errors.epochs).toBe('epochs must be a number');
  });
});

describe('what the form sends', () => {
  it('sends only the parameters the user changed, so defaults that depend on others stay the recipe’s', () => {
    const { values } = parseParams(params, { epochs: '1', lr: '0.001', note: 'y' });
    expect(changedParams(params, values)).toEqual({ epochs: 1, note: 'y' });
  });
});

describe('script arguments', () => {
  it('splits as a shell would', () => {
    expect(splitArgs(`--lr 1e-3  --name "my run" --tag 'a b' x\\ y ""`)).toEqual([
      '--lr',
      '1e-3',
      '--name',
      'my run',
      '--tag',
      'a b',
      'x y',
      '',
    ]);
    expect(splitArgs('   ')).toEqual([]);
  });
});

describe('field errors', () => {
  it('keys INVALID_INPUT issues by their whole path', () => {
    expect(
      issuesByField([
        { path: ['code', 'path'], message: 'choose the Python script to run (an absolute path)' },
        { path: ['params', 'lr'], message: 'lr must be positive' },
        { path: [], message: 'something else' },
        { path: ['code', 'path'], message: 'second message is dropped' },
      ]),
    ).toEqual({
      'code.path': 'choose the Python script to run (an absolute path)',
      'params.lr': 'lr must be positive',
      '': 'something else',
    });
    expect(issuesByField(undefined)).toEqual({});
  });

  it('takes the field from the start of the backend’s message when there are no issues', () => {
    expect(startErrors({ code: 'INVALID_INPUT', message: 'params.lr: "x" is not a number.', hint: 'Enter a number.' })).toEqual({
      'params.lr': '"x" is not a number. Enter a number.',
    });
    expect(startErrors({ code: 'INVALID_INPUT', message: 'code.recipe: there is no recipe "nope".' })).toEqual({
      'code.recipe': 'there is no recipe "nope".',
    });
    expect(startErrors({ code: 'TORCH_MISSING', message: 'envId: no torch' })).toEqual({});
    expect(startErrors({ code: 'INVALID_INPUT', message: 'The dataset is gone.' })).toEqual({});
  });
});

describe('defaults of the form', () => {
  const dataset = (id: string, name: string) => ({ id, name }) as Dataset;
  const env = (id: string, over: Partial<PythonEnv> = {}): PythonEnv => ({
    id,
    name: id,
    kind: 'system',
    python: '/usr/bin/python3',
    pythonVersion: '3.11.2',
    torch: '1.13.1',
    torchvision: '0.14.1',
    cudaAvailable: false,
    cudaVersion: null,
    gpus: [],
    problem: null,
    hint: null,
    isDefault: false,
    ...over,
  });

  it('preselects the lab sample dataset, else the first', () => {
    expect(defaultDatasetId([dataset('x', 'Mine'), dataset('s', 'Tyre quality (synthetic sample)')])).toBe('s');
    expect(defaultDatasetId([dataset('x', 'Mine')])).toBe('x');
    expect(defaultDatasetId([])).toBe('');
  });

  it('preselects the default environment, else one that can train', () => {
    expect(defaultEnvId([env('a'), env('b', { isDefault: true })])).toBe('b');
    expect(defaultEnvId([env('a', { problem: 'no torch' }), env('b')])).toBe('b');
  });

  it('describes an environment with its PyTorch or its problem', () => {
    expect(describeEnv(env('python3 on PATH', { isDefault: true }))).toBe('python3 on PATH (default) — PyTorch 1.13.1, CPU');
    expect(describeEnv(env('gpu', { cudaAvailable: true, cudaVersion: '12.1' }))).toBe('gpu — PyTorch 1.13.1, CUDA 12.1');
    expect(describeEnv(env('bare', { torch: null, problem: 'PyTorch is not installed' }))).toBe(
      'bare — cannot train: PyTorch is not installed',
    );
  });
});
