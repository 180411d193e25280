import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { PythonEnv } from '../../../shared/training';
import type { Gpu } from '../../../shared/machine';
import { JsonFile } from '../browse/json-file';
import { WorkbenchError } from '../errors';
import { probeGpus, probePython } from '../machine/probe';
import { detectEnvs, type EnvCandidate } from './env-detect';

/** The file user-added environments and the default choice live in, in the data directory. */
export const ENVS_FILE = 'python-envs.json';

/** A probe is reused this long, so opening the start form twice does not import torch twice. */
const PROBE_TTL_MS = 30_000;

const fileSchema = z.object({
  version: z.literal(1),
  added: z.array(z.object({ python: z.string(), name: z.string() })),
  defaultPython: z.string().nullable(),
});

/** An environment's stable id: a hash of its interpreter path. */
export function envId(python: string): string {
  return `env-${createHash('sha256').update(python).digest('hex').slice(0, 12)}`;
}

/** The one-line fix for a missing PyTorch, for this interpreter. */
export function installHint(candidate: Pick<EnvCandidate, 'kind' | 'python'>): string {
  const pip = `${candidate.python} -m pip install torch torchvision`;
  if (candidate.kind === 'system' && (candidate.python.startsWith('/usr/bin/') || candidate.python === 'python3')) {
    return `Install it: sudo apt-get install python3-torch python3-torchvision (Debian/Ubuntu), or ${pip}`;
  }
  if (candidate.kind === 'conda') return `Install it in this environment: ${pip} (or conda install pytorch torchvision)`;
  return `Install it in this environment: ${pip}`;
}

/**
 * The Python environments runs can use: detected ones, the ones the user added by path (kept in
 * `python-envs.json` with the default choice), each probed for Python, PyTorch, CUDA and GPUs.
 */
export class EnvService {
  private readonly file: JsonFile<z.infer<typeof fileSchema>>;
  private readonly probes = new Map<string, { at: number; env: Promise<Omit<PythonEnv, 'isDefault'>> }>();
  private gpus: { at: number; list: Promise<Gpu[]> } | null = null;

  constructor(
    dataDir: string,
    private readonly options: { resourcesDir: string; env: NodeJS.ProcessEnv; cwd?: string },
  ) {
    this.file = new JsonFile(
      join(dataDir, ENVS_FILE),
      fileSchema,
      () => ({ version: 1, added: [], defaultPython: null }),
      'Move it aside and add your Python environments again.',
    );
  }

  /** Every environment, probed, the default marked. */
  async list(signal?: AbortSignal): Promise<PythonEnv[]> {
    const doc = await this.file.read();
    const detected = await detectEnvs({ env: this.options.env, cwd: this.options.cwd ?? process.cwd(), signal });
    const added: EnvCandidate[] = doc.added.map((a) => ({ name: a.name, kind: 'custom', python: a.python }));
    const seen = new Set<string>();
    const candidates = [...added, ...detected].filter((c) => !seen.has(c.python) && seen.add(c.python));
    // One at a time: importing torch in parallel on a small machine is slower than in turn.
    const probed: Omit<PythonEnv, 'isDefault'>[] = [];
    for (const c of candidates) probed.push(await this.probe(c, signal));
    const chosen =
      probed.find((e) => e.python === doc.defaultPython) ??
      probed.find((e) => e.torch && e.torchvision && !e.problem) ??
      probed.find((e) => e.pythonVersion) ??
      probed[0];
    return probed.map((e) => ({ ...e, isDefault: e === chosen }));
  }

  /** One environment by id, or NOT_FOUND. */
  async get(id: string, signal?: AbortSignal): Promise<PythonEnv> {
    const found = (await this.list(signal)).find((e) => e.id === id);
    if (!found) {
      throw new WorkbenchError('NOT_FOUND', `There is no Python environment ${id}.`, {
        hint: 'It may have been removed; envs.list shows the current ones.',
      });
    }
    return found;
  }

  /** The environment runs use when none is chosen; PYTHON_NOT_FOUND when there is none at all. */
  async default(signal?: AbortSignal): Promise<PythonEnv> {
    const found = (await this.list(signal)).find((e) => e.isDefault);
    if (!found) {
      throw new WorkbenchError('PYTHON_NOT_FOUND', 'No Python interpreter was found on this machine.', {
        hint: 'Install Python 3 with PyTorch (Debian/Ubuntu: sudo apt-get install python3-torch python3-torchvision), or add an interpreter by path.',
      });
    }
    return found;
  }

  /** Adds an interpreter by path (a folder means its bin/python) and probes it. */
  async add(input: { python: string; name?: string }): Promise<PythonEnv> {
    let python = resolve(input.python);
    if (!isAbsolute(input.python)) {
      throw new WorkbenchError('INVALID_INPUT', `python: give the absolute path of the interpreter, not "${input.python}".`, {
        hint: 'For example /home/me/venvs/torch/bin/python.',
      });
    }
    if (existsSync(python) && statSync(python).isDirectory()) python = join(python, 'bin', 'python');
    if (!existsSync(python)) {
      throw new WorkbenchError('PYTHON_NOT_FOUND', `There is no Python interpreter at ${python}.`, {
        hint: 'Give the path of the python executable, e.g. <env>/bin/python.',
      });
    }
    const name = input.name ?? (basename(dirname(dirname(python))) || python);
    const candidate: EnvCandidate = { name, kind: 'custom', python };
    this.probes.delete(python);
    const probed = await this.probe(candidate);
    if (!probed.pythonVersion) {
      throw new WorkbenchError('PYTHON_NOT_FOUND', `${python} is not a working Python 3 interpreter: ${probed.problem}`, {
        hint: probed.hint ?? undefined,
      });
    }
    await this.file.update((doc) => {
      doc.added = doc.added.filter((a) => a.python !== python);
      doc.added.push({ python, name });
    });
    return this.get(probed.id);
  }

  /** Forgets an environment the user added; a detected one cannot be removed. */
  async remove(id: string): Promise<boolean> {
    const doc = await this.file.read();
    const added = doc.added.find((a) => envId(a.python) === id);
    if (!added) {
      const detected = (await this.list()).find((e) => e.id === id);
      if (detected) {
        throw new WorkbenchError(
          'CONFLICT',
          `${detected.name} was found on this machine, not added by you, so it cannot be removed.`,
          {
            hint: 'Choose another environment as the default instead.',
          },
        );
      }
      return false;
    }
    await this.file.update((d) => {
      d.added = d.added.filter((a) => a.python !== added.python);
      if (d.defaultPython === added.python) d.defaultPython = null;
    });
    return true;
  }

  /** Makes an environment the default. */
  async setDefault(id: string): Promise<PythonEnv> {
    const env = await this.get(id);
    await this.file.update((doc) => {
      doc.defaultPython = env.python;
    });
    return { ...env, isDefault: true };
  }

  private probe(candidate: EnvCandidate, signal?: AbortSignal): Promise<Omit<PythonEnv, 'isDefault'>> {
    const cached = this.probes.get(candidate.python);
    if (cached && Date.now() - cached.at < PROBE_TTL_MS)
      return cached.env.then((e) => ({ ...e, name: candidate.name, kind: candidate.kind }));
    const env = this.probeNow(candidate, signal);
    this.probes.set(candidate.python, { at: Date.now(), env });
    env.catch(() => this.probes.delete(candidate.python));
    return env;
  }

  private async probeNow(candidate: EnvCandidate, signal?: AbortSignal): Promise<Omit<PythonEnv, 'isDefault'>> {
    const p = await probePython(candidate.python, { resourcesDir: this.options.resourcesDir, env: this.options.env, signal });
    const gpus = p.cudaAvailable ? await this.machineGpus(signal) : [];
    let problem: string | null = null;
    let hint: string | null = null;
    if (!p.version) {
      problem = p.problem ?? `${candidate.python} does not start.`;
      hint = `Check that it starts: ${candidate.python} --version`;
    } else if (!p.torchVersion) {
      problem = p.problem?.startsWith('PyTorch fails') ? p.problem : 'PyTorch is not installed in this environment.';
      hint = installHint(candidate);
    } else if (!p.torchvisionVersion) {
      problem = 'torchvision is not installed in this environment (the recipes need it).';
      hint = installHint(candidate);
    } else if (!p.cudaAvailable && (await this.machineGpus(signal)).length) {
      hint =
        'This PyTorch has no CUDA, so runs use the CPU although this machine has NVIDIA GPUs; install a CUDA build of PyTorch.';
    }
    return {
      id: envId(candidate.python),
      name: candidate.name,
      kind: candidate.kind,
      python: candidate.python,
      pythonVersion: p.version,
      torch: p.torchVersion,
      torchvision: p.torchvisionVersion,
      cudaAvailable: p.cudaAvailable,
      cudaVersion: p.cudaVersion,
      gpus: gpus.map((g) => ({ index: g.index, name: g.name, memoryMiB: g.memoryTotalMiB })),
      problem,
      hint,
    };
  }

  private machineGpus(signal?: AbortSignal): Promise<Gpu[]> {
    if (this.gpus && Date.now() - this.gpus.at < PROBE_TTL_MS) return this.gpus.list;
    const list = probeGpus({ resourcesDir: this.options.resourcesDir, env: this.options.env, signal }).then((r) => r.gpus);
    this.gpus = { at: Date.now(), list };
    return list;
  }
}
