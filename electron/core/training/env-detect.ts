import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import type { PythonEnv } from '../../../shared/training';
import { runCommand } from '../machine/run-command';

/** An interpreter found on this machine, before probing. */
export interface EnvCandidate {
  name: string;
  kind: PythonEnv['kind'];
  /** The interpreter's absolute path (not resolved through symlinks: a virtualenv's python links to the base one). */
  python: string;
}

const CONDA_TIMEOUT_MS = 20_000;

/** The interpreter inside an environment's folder. */
export function envPython(prefix: string): string {
  return join(prefix, 'bin', 'python');
}

/**
 * Reads `conda env list --json` (`{"envs": ["/opt/conda", "/opt/conda/envs/torch"]}`): the base
 * environment is the prefix that holds the others' `envs/` folder (or the first), named `base`.
 */
export function parseCondaEnvList(output: string): EnvCandidate[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return [];
  }
  const envs = (parsed as { envs?: unknown }).envs;
  if (!Array.isArray(envs)) return [];
  const prefixes = envs.filter((e): e is string => typeof e === 'string' && isAbsolute(e));
  const base = prefixes.find((p) => prefixes.some((q) => q.startsWith(join(p, 'envs') + '/'))) ?? prefixes[0];
  return prefixes.map((prefix) => ({
    name: prefix === base ? 'base' : basename(prefix),
    kind: 'conda',
    python: envPython(prefix),
  }));
}

/** The environments inside a folder of environments (`~/miniconda3/envs`, `~/.virtualenvs`…). */
function envsIn(dir: string, kind: EnvCandidate['kind']): EnvCandidate[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ name, kind, python: envPython(join(dir, name)) })).filter((c) => existsSync(c.python));
}

/** `python3` in each PATH folder and the system one, one per real interpreter (a second PATH entry to the same file is dropped). */
function systemPythons(env: NodeJS.ProcessEnv): EnvCandidate[] {
  const files = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'python3'));
  files.push('/usr/bin/python3');
  const seen = new Set<string>();
  const found: EnvCandidate[] = [];
  for (const file of files) {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    found.push({ name: found.length ? `python3 (${file})` : 'python3 on PATH', kind: 'system', python: file });
  }
  return found;
}

/**
 * Finds Python environments: `WORKBENCH_PYTHON`, `python3` on PATH, conda environments (`conda env
 * list --json`, then the usual install folders), virtualenvs (`$VIRTUAL_ENV`, `./.venv`,
 * `~/.virtualenvs/*`). Each interpreter is listed once, first finding wins.
 */
export async function detectEnvs(options: {
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}): Promise<EnvCandidate[]> {
  const { env, cwd } = options;
  const home = env.HOME ?? '';
  const found: EnvCandidate[] = [];
  if (env.WORKBENCH_PYTHON) found.push({ name: 'WORKBENCH_PYTHON', kind: 'custom', python: resolve(env.WORKBENCH_PYTHON) });
  found.push(...systemPythons(env));
  try {
    const { stdout } = await runCommand('conda', ['env', 'list', '--json'], {
      env,
      timeoutMs: CONDA_TIMEOUT_MS,
      signal: options.signal,
    });
    found.push(...parseCondaEnvList(stdout));
  } catch {
    // No conda on PATH (the usual case) or a broken one: the install folders below still count.
  }
  if (home) {
    for (const root of ['miniconda3', 'anaconda3', 'miniforge3', '.conda'])
      found.push(...envsIn(join(home, root, 'envs'), 'conda'));
  }
  if (env.VIRTUAL_ENV) found.push({ name: basename(env.VIRTUAL_ENV), kind: 'venv', python: envPython(env.VIRTUAL_ENV) });
  const local = join(cwd, '.venv');
  if (existsSync(envPython(local))) found.push({ name: `.venv (${basename(cwd)})`, kind: 'venv', python: envPython(local) });
  if (home) found.push(...envsIn(join(home, '.virtualenvs'), 'venv'));
  const seen = new Set<string>();
  return found.filter((c) => {
    if (seen.has(c.python)) return false;
    seen.add(c.python);
    return c.kind === 'system' || c.kind === 'custom' || existsSync(c.python);
  });
}
