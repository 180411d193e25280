import { describe, expect, it } from 'vitest';
import {
  alignLines,
  chartOrder,
  downsample,
  emaSmooth,
  formatElapsed,
  xOf,
} from '../../../renderer/src/features/runs/chart-data';

describe('EMA smoothing', () => {
  it('leaves values as they are at 0 and starts at the first value (debiased)', () => {
    expect(emaSmooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = emaSmooth([1, 1, 1], 0.9);
    for (const v of s) expect(v).toBeCloseTo(1);
  });

  it('damps a spike more the higher the weight', () => {
    const values = [0, 0, 0, 10, 0, 0];
    const light = emaSmooth(values, 0.3)[3]!;
    const heavy = emaSmooth(values, 0.9)[3]!;
    expect(light).toBeLessThan(10);
    expect(heavy).toBeLessThan(light);
  });

  it('passes non-finite values through without breaking the average', () => {
    const s = emaSmooth([1, Number.NaN, 1], 0.5);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBeCloseTo(1);
  });
});

describe('chart data', () => {
  it('aligns lines on the union of their x values, null where a line has none', () => {
    expect(
      alignLines([
        { x: [0, 2], y: [1, 3] },
        { x: [1, 2], y: [5, 6] },
      ]),
    ).toEqual([
      [0, 1, 2],
      [1, null, 3],
      [null, 5, 6],
    ]);
  });

  it('downsamples to at most max points and keeps the extremes', () => {
    const x = Array.from({ length: 100_000 }, (_, i) => i);
    const y = x.map((i) => Math.sin(i / 500));
    y[54_321] = 50;
    y[777] = -50;
    const d = downsample({ x, y }, 2000);
    expect(d.x.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...d.y)).toBe(50);
    expect(Math.min(...d.y)).toBe(-50);
    expect([...d.x].sort((a, b) => a - b)).toEqual(d.x);
  });

  it('uses steps or seconds since the first point', () => {
    const s = { step: [1, 2], time: [1000, 1012.5] };
    expect(xOf(s, 'step')).toEqual([1, 2]);
    expect(xOf(s, 'time')).toEqual([0, 12.5]);
    expect(formatElapsed(65)).toBe('1:05');
    expect(formatElapsed(3723)).toBe('1:02:03');
  });

  it('puts losses first, then the rest by name', () => {
    expect(chartOrder(['accuracy', 'val_loss', 'loss', 'accuracy', 'gpu_util'])).toEqual([
      'loss',
      'val_loss',
      'accuracy',
      'gpu_util',
    ]);
  });
});
