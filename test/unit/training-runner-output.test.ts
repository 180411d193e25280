import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseGpuSample } from '../../electron/core/training/gpu-sampler';
import { tailLines } from '../../electron/core/training/run-logs';
import { EventLineReader } from '../../electron/core/training/runner-events';
import { tempDir } from '../support/temp-dir';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('reading what a runner writes', () => {
  it('assembles events split across chunks and sets aside lines that are not events', () => {
    const reader = new EventLineReader();
    const first = reader.push('{"type":"metric","key":"loss","value":0.5,"step":1,"time":1}\n{"type":"sta');
    expect(first.events).toEqual([{ type: 'metric', key: 'loss', value: 0.5, step: 1, time: 1 }]);
    const second = reader.push('tus","status":"finished","time":2}\nnot json\n{"type":"metric","key":"loss"}\n');
    expect(second.events).toEqual([{ type: 'status', status: 'finished', time: 2 }]);
    expect(second.invalid).toEqual(['not json', '{"type":"metric","key":"loss"}']);
    expect(reader.push('{"type":"error","message":"boom","time":3}').events).toEqual([]);
    expect(reader.end().events).toEqual([{ type: 'error', message: 'boom', time: 3 }]);
  });

  it('turns an nvidia-smi sample into per-GPU utilisation and memory metrics', () => {
    const points = parseGpuSample('0, 97, 70123\n1, [N/A], 512\nwarning: something\n', 4, 100);
    expect(points).toEqual([
      { key: 'system/gpu0/utilization_pct', step: 4, time: 100, value: 97 },
      { key: 'system/gpu0/memory_mib', step: 4, time: 100, value: 70123 },
      { key: 'system/gpu1/memory_mib', step: 4, time: 100, value: 512 },
    ]);
  });

  it('tails a long log from its end', async () => {
    const dir = tempDir('logs-');
    dirs.push(dir);
    const file = join(dir.path, 'output.log');
    writeFileSync(file, Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(await tailLines(file, 3)).toEqual({ text: 'line 49997\nline 49998\nline 49999\n', truncated: true });
    writeFileSync(file, 'a\nb');
    expect(await tailLines(file, 10)).toEqual({ text: 'a\nb', truncated: false });
    expect(await tailLines(join(dir.path, 'missing.log'), 10)).toEqual({ text: '', truncated: false });
  });
});
