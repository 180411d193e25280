import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../electron/core/inference/endpoint-server';
import { LatencyRing } from '../../electron/core/inference/latency-ring';
import { csvField } from '../../electron/core/inference/predictions';
import { HttpError, tensorFromJson } from '../../electron/core/inference/request-body';

const image = (size: number, fill = 0.5) =>
  [0, 1, 2].map(() => Array.from({ length: size }, () => Array.from({ length: size }, () => fill)));

describe('latency percentiles over the last requests', () => {
  it('answers nearest-rank p50/p95/p99 and forgets the oldest past the window', () => {
    const ring = new LatencyRing(100);
    expect(ring.percentiles()).toBeNull();
    for (let i = 1; i <= 100; i++) ring.add(i);
    expect(ring.percentiles()).toEqual({ p50: 50, p95: 95, p99: 99 });
    for (let i = 0; i < 100; i++) ring.add(1000); // a slow spell replaces the whole window
    expect(ring.percentiles()).toEqual({ p50: 1000, p95: 1000, p99: 1000 });
  });
});

describe('JSON tensors', () => {
  it('flattens [N,3,S,S] and a single [3,S,S] image in CHW order', () => {
    const one = tensorFromJson(image(4, 0.25), 4);
    expect(one.n).toBe(1);
    expect(one.data.length).toBe(48);
    const two = tensorFromJson([image(4, 1), image(4, 2)], 4);
    expect(two.n).toBe(2);
    expect(two.data[0]).toBe(1);
    expect(two.data[48]).toBe(2);
  });

  it.each([
    ['a flat list', [1, 2, 3]],
    ['two channels', [image(4).slice(0, 2)]],
    [
      'a short row',
      [
        [
          ...image(4).slice(0, 2),
          [
            [1, 2, 3],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
          ],
        ],
      ],
    ],
    ['a string value', [[...image(4).slice(0, 2), [['x', 0, 0, 0], ...image(4)[2]!.slice(1)]]]],
    ['an empty list', []],
  ])('refuses %s with 400 WRONG_SHAPE naming the expected shape', (_name, value) => {
    let thrown: unknown;
    try {
      tensorFromJson(value, 4);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect(thrown).toMatchObject({ status: 400, code: 'WRONG_SHAPE', message: expect.stringContaining('[N, 3, 4, 4]') });
  });
});

describe('small rules', () => {
  it('quotes CSV fields that hold commas, quotes or line breaks', () => {
    expect(csvField('plain/key.jpg')).toBe('plain/key.jpg');
    expect(csvField('a, b.jpg')).toBe('"a, b.jpg"');
    expect(csvField('say "hi".jpg')).toBe('"say ""hi"".jpg"');
  });

  it('asks for no token only on loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'gpu-box.local']) expect(isLoopback(host)).toBe(false);
  });
});
