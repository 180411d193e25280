import type { Dataset } from '../../../../shared/datasets';
import type { MethodOutput } from '../../../../shared/contract';
import type { PythonEnv } from '../../../../shared/training';

/** A built-in recipe as `recipes.list` describes it. */
export type Recipe = MethodOutput<'recipes.list'>['recipes'][number];

/** The lab's sample dataset, preselected in the start form (its name as the lab registers it). */
export const SAMPLE_DATASET_NAME = 'Tyre quality (synthetic sample)';

/** A recipe parameter. */
export type RecipeParam = Recipe['params'][number];

/** The dataset the form starts with: the lab's sample when registered, else the newest. */
export function defaultDatasetId(datasets: readonly Dataset[]): string {
  return (datasets.find((d) => d.name === SAMPLE_DATASET_NAME) ?? datasets[0])?.id ?? '';
}

/** The environment the form starts with: the default one, else the first that can train. */
export function defaultEnvId(envs: readonly PythonEnv[]): string {
  return (envs.find((e) => e.isDefault) ?? envs.find((e) => !e.problem) ?? envs[0])?.id ?? '';
}

/** The text a parameter's box starts with. */
export function paramText(param: RecipeParam): string {
  return String(param.default);
}

/**
 * The recipe's parameters from what the user typed: ints must be whole numbers, floats numbers
 * (`1e-3` is fine), bools come as `true`/`false`. Each bad one gets a message under its box.
 */
export function parseParams(
  params: readonly RecipeParam[],
  typed: Record<string, string>,
): { values: Record<string, string | number | boolean>; errors: Record<string, string> } {
  const values: Record<string, string | number | boolean> = {};
  const errors: Record<string, string> = {};
  for (const p of params) {
    const text = (typed[p.key] ?? paramText(p)).trim();
    if (p.type === 'bool') values[p.key] = text === 'true';
    else if (p.type === 'string') values[p.key] = text;
    else {
      const n = Number(text);
      if (!text || !Number.isFinite(n)) errors[p.key] = `${p.key} must be a number`;
      else if (p.type === 'int' && !Number.isInteger(n)) errors[p.key] = `${p.key} must be a whole number`;
      else values[p.key] = n;
    }
  }
  return { values, errors };
}

/**
 * Only the parameters the user changed: the recipe fills the rest itself, and some defaults depend
 * on others (train_size scales with limit unless given), so sending every default would change the run.
 */
export function changedParams(
  params: readonly RecipeParam[],
  values: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const p of params) {
    const v = values[p.key];
    if (v !== undefined && v !== p.default) out[p.key] = v;
  }
  return out;
}

/** A script's arguments from one line as a shell would split it: spaces separate, quotes group, `\` escapes. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

/**
 * The messages of an INVALID_INPUT failure keyed by their whole path (`datasetId`, `code.path`,
 * `params.lr`), so each shows under its own box; a message with no path goes under `''`.
 */
export function issuesByField(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const issue of details as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.message !== 'string') continue;
    const field = Array.isArray(issue.path) ? issue.path.map(String).join('.') : '';
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}

/**
 * The field errors of a failed start: INVALID_INPUT issues by path, or, when the backend named the
 * field at the start of its message (`params.lr: "x" is not a number.`), that field with the message
 * and its hint.
 */
export function startErrors(err: {
  code?: string;
  message: string;
  hint?: string | null;
  details?: unknown;
}): Record<string, string> {
  if (err.code !== 'INVALID_INPUT') return {};
  const byPath = issuesByField(err.details);
  if (Object.keys(byPath).length) return byPath;
  const named = /^([A-Za-z][\w]*(?:\.[\w-]+)*): (.+)$/s.exec(err.message);
  if (!named) return {};
  return { [named[1] as string]: err.hint ? `${named[2]} ${err.hint}` : (named[2] as string) };
}

/** One line about an environment for a list: `python3 on PATH — PyTorch 1.13.1, CPU` or its problem. */
export function describeEnv(env: PythonEnv): string {
  const torch = env.torch
    ? `PyTorch ${env.torch}${env.cudaAvailable ? `, CUDA ${env.cudaVersion ?? ''}`.trimEnd() : ', CPU'}`
    : 'no PyTorch';
  return `${env.name}${env.isDefault ? ' (default)' : ''} — ${env.problem ? `cannot train: ${env.problem}` : torch}`;
}
