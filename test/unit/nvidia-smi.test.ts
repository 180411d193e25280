import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from '../../electron/core/machine/nvidia-smi';

describe('parseNvidiaSmi', () => {
  it('reads every GPU of a recorded 2×H100 answer', () => {
    const out = readFileSync(new URL('../fixtures/nvidia-smi-2x-h100.txt', import.meta.url), 'utf8');
    expect(parseNvidiaSmi(out)).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, driverVersion: '550.54.15' },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, driverVersion: '550.54.15' },
    ]);
  });

  it('skips warning lines some drivers print on the same stream', () => {
    const out = 'WARNING: infoROM is corrupted at gpu 0000:00:1E.0\n0, Tesla V100-SXM2-16GB, 16384, 535.104.05\r\n';
    expect(parseNvidiaSmi(out)).toEqual([
      { index: 0, name: 'Tesla V100-SXM2-16GB', memoryTotalMiB: 16384, driverVersion: '535.104.05' },
    ]);
  });

  it('answers no GPU for empty output', () => {
    expect(parseNvidiaSmi('')).toEqual([]);
  });
});
