import { describe, expect, it } from 'vitest';
import { downsample } from '../../electron/core/tracking/downsample';

const series = (values: number[]) => ({ step: values.map((_, i) => i), time: values.map((_, i) => 1000 + i), value: values });

describe('downsampling a metric series for charts', () => {
  it('returns a short series unchanged', () => {
    const s = series([3, 1, 2]);
    expect(downsample(s, 10)).toEqual(s);
  });

  it('keeps at most maxPoints, in step order, and keeps a one-point spike and dip', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 1000));
    values[54_321] = 50;
    values[77_777] = -50;
    const out = downsample(series(values), 2000);
    expect(out.value.length).toBeLessThanOrEqual(2000);
    expect(out.value).toContain(50);
    expect(out.value).toContain(-50);
    expect(out.step).toEqual([...out.step].sort((a, b) => a - b));
    expect(out.step[out.value.indexOf(50)]).toBe(54_321);
    expect(out.time[out.value.indexOf(-50)]).toBe(1000 + 77_777);
  });

  it('keeps the first bucket’s minimum and maximum in their order', () => {
    const out = downsample(series([5, 9, 1, 4, 4, 4, 4, 4]), 4);
    expect(out.value.slice(0, 2)).toEqual([9, 1]);
  });
});
