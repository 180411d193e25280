import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGENET_STD, preprocessImage } from '../../electron/core/inference/image-preprocess';
import { inferenceFixtures, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

interface Expected {
  shape: number[];
  channelMeans: number[];
  values: [number, number, number, number][];
}

const expected = JSON.parse(readFileSync(join(inferenceFixtures, 'preprocess-expected.json'), 'utf8')) as Record<
  string,
  Expected
>;
// One uint8 level after normalisation, in the widest channel (the smallest std).
const ONE_LEVEL = 1 / 255 / Math.min(...IMAGENET_STD) + 1e-6;
const SIZE = 224;
const images = Object.keys(expected);

const at = (t: Float32Array, c: number, y: number, x: number) => t[c * SIZE * SIZE + y * SIZE + x]!;

describe('image preprocessing matches torchvision Resize((224,224)) → ToTensor → Normalize on PIL', () => {
  const tmp = tempDir('inference-preprocess-');
  afterAll(() => tmp.remove());

  it.each(images)('%s: sampled values recorded from Pillow + torchvision agree', async (name) => {
    const tensor = await preprocessImage(readFileSync(join(inferenceFixtures, name)));
    const want = expected[name]!;
    expect(tensor.length).toBe(want.shape.reduce((a, b) => a * b, 1));
    for (const [c, y, x, value] of want.values) expect(Math.abs(at(tensor, c, y, x) - value)).toBeLessThanOrEqual(ONE_LEVEL);
    for (let c = 0; c < 3; c++) {
      const plane = tensor.subarray(c * SIZE * SIZE, (c + 1) * SIZE * SIZE);
      const mean = plane.reduce((a, b) => a + b, 0) / plane.length;
      expect(Math.abs(mean - want.channelMeans[c]!)).toBeLessThan(1e-3);
    }
  });

  it.runIf(torchPython).each(images)('%s: every value agrees with torchvision run now', async (name) => {
    const file = join(inferenceFixtures, name);
    const out = join(tmp.path, `${name}.f32`);
    execFileSync(torchPython!, [join(inferenceFixtures, 'preprocess_reference.py'), file, out], { timeout: 60_000 });
    const raw = readFileSync(out);
    const reference = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    const tensor = await preprocessImage(readFileSync(file));
    expect(tensor.length).toBe(reference.length);
    let maxDiff = 0;
    let sumDiff = 0;
    for (let i = 0; i < tensor.length; i++) {
      const d = Math.abs(tensor[i]! - reference[i]!);
      maxDiff = Math.max(maxDiff, d);
      sumDiff += d;
    }
    expect(maxDiff).toBeLessThanOrEqual(ONE_LEVEL);
    expect(sumDiff / tensor.length).toBeLessThan(1e-3);
  });

  it('refuses bytes that are not an image with INVALID_INPUT', async () => {
    await expect(preprocessImage(Buffer.from('not an image at all'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
