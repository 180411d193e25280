import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeGpus, probeMachine, probePython } from '../../electron/core/machine/probe';
import { repoRoot } from '../support/temp-dir';

const resourcesDir = join(repoRoot, 'resources');
const systemPython = '/usr/bin/python3';
const systemHasTorch = (() => {
  try {
    execFileSync(systemPython, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
})();

describe('machine probe (real Python, real nvidia-smi lookup)', () => {
  it('reports the Python version the interpreter itself reports', async () => {
    const expected = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], {
      encoding: 'utf8',
    }).trim();
    const env = await probePython('python3', { resourcesDir });
    expect(env.version).toBe(expected);
  });

  it.runIf(systemHasTorch)("reads PyTorch's version and CUDA availability from Debian's python3-torch", async () => {
    const expected = execFileSync(systemPython, ['-c', 'import torch; print(torch.__version__, torch.cuda.is_available())'], {
      encoding: 'utf8',
    }).trim();
    const env = await probePython(systemPython, { resourcesDir });
    expect(`${env.torchVersion} ${env.cudaAvailable ? 'True' : 'False'}`).toBe(expected);
    expect(env.problem).toBeNull();
  });

  it('prefers an interpreter that has PyTorch', async () => {
    const machine = await probeMachine({ resourcesDir });
    if (machine.pythonCandidates.some((p) => p.torchVersion)) expect(machine.python?.torchVersion).not.toBeNull();
    else expect(machine.python?.problem).toMatch(/pip install torch|apt-get install python3-torch/);
  });

  it('explains a missing interpreter with the fix', async () => {
    const env = await probePython('/nonexistent/python3', { resourcesDir });
    expect(env.version).toBeNull();
    expect(env.problem).toMatch(/No Python at \/nonexistent\/python3.*WORKBENCH_PYTHON/);
  });

  it('explains an interpreter that is not Python', async () => {
    const env = await probePython('/bin/true', { resourcesDir });
    expect(env.problem).toMatch(/did not answer the probe/);
  });

  it.runIf(!existsSync('/usr/bin/nvidia-smi'))('says CPU only, with the reason, where there is no NVIDIA driver', async () => {
    const { gpus, problem } = await probeGpus({ resourcesDir, env: { PATH: '/nonexistent' } });
    expect(gpus).toEqual([]);
    expect(problem).toMatch(/nvidia-smi not found/);
  });

  it('lists GPUs from nvidia-smi (a replay of a 2×H100 answer on this GPU-less machine)', async () => {
    const PATH = `${join(repoRoot, 'test/fixtures/bin/fake-nvidia')}:${process.env.PATH}`;
    const machine = await probeMachine({ resourcesDir, env: { ...process.env, PATH } });
    expect(machine.gpus.map((g) => g.name)).toEqual(['NVIDIA H100 80GB HBM3', 'NVIDIA H100 80GB HBM3']);
    expect(machine.gpuProblem).toBeNull();
  });

  it('honours WORKBENCH_PYTHON first', async () => {
    const machine = await probeMachine({ resourcesDir, env: { ...process.env, WORKBENCH_PYTHON: '/nonexistent/py' } });
    expect(machine.pythonCandidates[0]?.executable).toBe('/nonexistent/py');
    expect(machine.pythonCandidates[0]?.problem).toMatch(/No Python/);
  });
});
