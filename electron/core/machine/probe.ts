import { realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { MachineProbe, PythonEnvironment } from '../../../shared/machine';
import { isAbortError } from '../errors';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi } from './nvidia-smi';
import { CommandFailure, runCommand } from './run-command';

/** Importing torch with CUDA can take many seconds on a cold disk; past this the interpreter is reported as hung. */
export const PYTHON_PROBE_TIMEOUT_MS = 60_000;
const NVIDIA_SMI_TIMEOUT_MS = 15_000;

/** How to probe, and where to report each step. */
export interface ProbeOptions {
  resourcesDir: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  onStep?: (done: number, total: number, message: string) => void;
}

/** The interpreters to try, in order: `WORKBENCH_PYTHON`, then `python3` on PATH, then the system one. */
export function pythonCandidates(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  if (env.WORKBENCH_PYTHON) found.push(env.WORKBENCH_PYTHON);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) found.push(join(dir, 'python3'));
  found.push('/usr/bin/python3');
  const seen = new Set<string>();
  return found.filter((file) => {
    let key: string;
    try {
      key = realpathSync(file);
    } catch {
      return file === env.WORKBENCH_PYTHON; // a missing explicit choice is reported, not hidden
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const INSTALL_TORCH =
  'Install it: pip install torch torchvision (Debian/Ubuntu: sudo apt-get install python3-torch python3-torchvision).';

/** Says why torch is unusable: absent (the usual case) or present but failing to import (a broken CUDA install). */
function torchProblem(importError: string | null): string {
  if (!importError || importError.startsWith('ModuleNotFoundError')) return `PyTorch is not installed here. ${INSTALL_TORCH}`;
  return `PyTorch fails to import (${importError}). Reinstall it, or check the CUDA driver with nvidia-smi.`;
}

/** Runs the probe script in one interpreter; never throws except on cancel. */
export async function probePython(executable: string, options: ProbeOptions): Promise<PythonEnvironment> {
  const empty: PythonEnvironment = {
    executable,
    version: null,
    torchVersion: null,
    torchvisionVersion: null,
    cudaAvailable: false,
    cudaVersion: null,
    problem: null,
  };
  try {
    const { stdout } = await runCommand(executable, [join(options.resourcesDir, 'python', 'probe_env.py')], {
      signal: options.signal,
      timeoutMs: PYTHON_PROBE_TIMEOUT_MS,
      env: options.env,
    });
    const line = stdout.trim().split('\n').pop() ?? '';
    const info = JSON.parse(line) as {
      version: string;
      torch: string | null;
      torchvision: string | null;
      cuda_available: boolean;
      cuda_version: string | null;
      torch_error: string | null;
    };
    return {
      executable,
      version: info.version,
      torchVersion: info.torch,
      torchvisionVersion: info.torchvision,
      cudaAvailable: info.cuda_available,
      cudaVersion: info.cuda_version,
      problem: info.torch ? null : torchProblem(info.torch_error),
    };
  } catch (err) {
    if (isAbortError(err)) throw err;
    if (err instanceof CommandFailure && err.reason === 'not-found') {
      return { ...empty, problem: `No Python at ${executable}. Install Python 3 or set WORKBENCH_PYTHON to an interpreter.` };
    }
    if (err instanceof SyntaxError) {
      return { ...empty, problem: `${executable} did not answer the probe with JSON; is it a Python 3 interpreter?` };
    }
    return { ...empty, problem: `${(err as Error).message}. Check that this interpreter starts: \`${executable} --version\`.` };
  }
}

/** Asks `nvidia-smi` for the GPUs; no driver means an empty list and the reason. */
export async function probeGpus(options: ProbeOptions): Promise<{ gpus: MachineProbe['gpus']; problem: string | null }> {
  try {
    const { stdout } = await runCommand('nvidia-smi', NVIDIA_SMI_ARGS, {
      signal: options.signal,
      timeoutMs: NVIDIA_SMI_TIMEOUT_MS,
      env: options.env,
    });
    const gpus = parseNvidiaSmi(stdout);
    return { gpus, problem: gpus.length ? null : 'nvidia-smi lists no GPU.' };
  } catch (err) {
    if (isAbortError(err)) throw err;
    if (err instanceof CommandFailure && err.reason === 'not-found') {
      return { gpus: [], problem: 'nvidia-smi not found: no NVIDIA driver on this machine, so training runs on the CPU.' };
    }
    return {
      gpus: [],
      problem: `nvidia-smi failed (${(err as Error).message}); the NVIDIA driver may need a reboot or reinstall.`,
    };
  }
}

/**
 * Probes the machine for training: each Python candidate (the first with PyTorch is chosen,
 * else the first that runs) and the NVIDIA GPUs. Honours the signal between and during steps.
 */
export async function probeMachine(options: ProbeOptions): Promise<MachineProbe> {
  const env = options.env ?? process.env;
  const candidates = pythonCandidates(env);
  const total = candidates.length + 1;
  const pythons: PythonEnvironment[] = [];
  for (const [i, executable] of candidates.entries()) {
    options.onStep?.(i, total, `Probing Python at ${executable}`);
    pythons.push(await probePython(executable, { ...options, env }));
  }
  options.onStep?.(candidates.length, total, 'Looking for NVIDIA GPUs (nvidia-smi)');
  const { gpus, problem } = await probeGpus({ ...options, env });
  options.onStep?.(total, total, 'Probe finished');
  const chosen = pythons.find((p) => p.torchVersion) ?? pythons.find((p) => p.version) ?? pythons[0] ?? null;
  return { probedAt: new Date().toISOString(), python: chosen, pythonCandidates: pythons, gpus, gpuProblem: problem };
}
