import { describe, expect, it } from 'vitest';
import type { MachineProbe } from '../../../shared/machine';
import { describeCompute, describeCount, describeTorch, jobFraction } from '../../../renderer/src/shell/format';

const machine = (over: Partial<MachineProbe>): MachineProbe => ({
  probedAt: '2026-01-01T00:00:00Z',
  python: null,
  pythonCandidates: [],
  gpus: [],
  gpuProblem: 'nvidia-smi not found',
  ...over,
});
const py = { executable: '/usr/bin/python3', version: '3.11.2', torchvisionVersion: null, cudaVersion: '12.1', problem: null };

describe('status bar wording', () => {
  it('says CPU only without GPUs', () => {
    expect(describeCompute(machine({}))).toBe('CPU only');
  });
  it('groups identical GPUs and shows their memory', () => {
    const gpu = { name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, driverVersion: '550' };
    expect(
      describeCompute(
        machine({
          gpus: [
            { index: 0, ...gpu },
            { index: 1, ...gpu },
          ],
        }),
      ),
    ).toBe('2× NVIDIA H100 80GB HBM3 (80 GB)');
  });
  it('names PyTorch and CUDA, or their absence', () => {
    expect(describeTorch(machine({}))).toBe('No PyTorch');
    expect(describeTorch(machine({ python: { ...py, torchVersion: '1.13.1', cudaAvailable: false } }))).toBe(
      'PyTorch 1.13.1 (CPU)',
    );
    expect(describeTorch(machine({ python: { ...py, torchVersion: '2.3.0', cudaAvailable: true } }))).toBe(
      'PyTorch 2.3.0 · CUDA 12.1',
    );
  });
  it('shows progress counts in the job unit', () => {
    expect(describeCount({ done: 3, total: 5, unit: 'steps' })).toBe('3 of 5 steps');
    expect(describeCount({ done: 1_200_000_000, total: 4_000_000_000, unit: 'bytes' })).toBe('1.2 GB of 4.0 GB');
    expect(jobFraction({ done: 1, total: 4 })).toBe(0.25);
    expect(jobFraction({ done: 1, total: null })).toBeNull();
  });
});
