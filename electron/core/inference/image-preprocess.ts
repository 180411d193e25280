import sharp from 'sharp';
import { WorkbenchError } from '../errors';

/** ImageNet statistics the tyre recipe normalises with (torchvision `Normalize`). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
/** ImageNet standard deviations, per RGB channel. */
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

// Pillow's fixed-point precision for 8-bit images (Resample.c: PRECISION_BITS = 32 - 8 - 2).
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

/** Per output pixel: the first input pixel, how many it reads, and the fixed-point weights. */
interface ResampleCoefficients {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  kernelSize: number;
}

/** Pillow's triangle (bilinear) filter; its support is 1. */
function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

/**
 * Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the BILINEAR filter: the support is
 * scaled by the downscale factor (antialiasing), weights are normalised in double precision, then
 * rounded to 22-bit fixed point exactly as Pillow rounds them.
 */
function coefficients(inSize: number, outSize: number): ResampleCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 1 * filterScale;
  const kernelSize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * kernelSize);
  const k = new Float64Array(kernelSize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = triangle((x + xmin - center + 0.5) * ss);
      total += k[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? k[x]! / total : k[x]!;
      // C's (int) cast truncates toward zero after the ±0.5.
      weights[xx * kernelSize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[xx] = xmin;
    count[xx] = xmax;
  }
  return { first, count, weights, kernelSize };
}

/** Pillow's `clip8`: fixed-point sum back to a uint8. */
function clip8(sum: number): number {
  if (sum >= ONE * 256) return 255;
  if (sum <= 0) return 0;
  return Math.floor(sum / ONE);
}

/** One horizontal pass over rows [rowFirst, rowFirst + rows) of interleaved RGB, like `ImagingResampleHorizontal_8bpc`. */
function resampleRows(
  src: Uint8Array,
  width: number,
  rowFirst: number,
  rows: number,
  c: ResampleCoefficients,
  outWidth: number,
): Uint8Array {
  const out = new Uint8Array(outWidth * rows * 3);
  for (let y = 0; y < rows; y++) {
    const rowStart = (y + rowFirst) * width * 3;
    for (let xx = 0; xx < outWidth; xx++) {
      const xmin = c.first[xx]!;
      const n = c.count[xx]!;
      const kStart = xx * c.kernelSize;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let x = 0; x < n; x++) {
        const w = c.weights[kStart + x]!;
        const p = rowStart + (x + xmin) * 3;
        r += src[p]! * w;
        g += src[p + 1]! * w;
        b += src[p + 2]! * w;
      }
      const o = (y * outWidth + xx) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return out;
}

/** One vertical pass, like `ImagingResampleVertical_8bpc`; `rowOffset` is the first source row kept by the horizontal pass. */
function resampleColumns(
  src: Uint8Array,
  width: number,
  rowOffset: number,
  c: ResampleCoefficients,
  outHeight: number,
): Uint8Array {
  const out = new Uint8Array(width * outHeight * 3);
  for (let yy = 0; yy < outHeight; yy++) {
    const ymin = c.first[yy]! - rowOffset;
    const n = c.count[yy]!;
    const kStart = yy * c.kernelSize;
    for (let xx = 0; xx < width; xx++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let y = 0; y < n; y++) {
        const w = c.weights[kStart + y]!;
        const p = ((y + ymin) * width + xx) * 3;
        r += src[p]! * w;
        g += src[p + 1]! * w;
        b += src[p + 2]! * w;
      }
      const o = (yy * width + xx) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return out;
}

/**
 * Resizes interleaved 8-bit RGB the way Pillow's `Image.resize((w, h), BILINEAR)` does (two passes,
 * horizontal first, rounding to uint8 between them; a pass is skipped when that side keeps its size).
 */
export function resizeRgbLikePillow(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (width === outWidth && height === outHeight) return rgb.slice();
  const horizontal = coefficients(width, outWidth);
  const vertical = coefficients(height, outHeight);
  let pixels = rgb;
  let rowOffset = 0;
  let currentWidth = width;
  if (width !== outWidth) {
    // Only the source rows the vertical pass will read are resampled horizontally (Pillow's ybox).
    const rowFirst = vertical.first[0]!;
    const rowLast = vertical.first[outHeight - 1]! + vertical.count[outHeight - 1]!;
    pixels = resampleRows(rgb, width, rowFirst, rowLast - rowFirst, horizontal, outWidth);
    rowOffset = rowFirst;
    currentWidth = outWidth;
  }
  if (height !== outHeight) pixels = resampleColumns(pixels, currentWidth, rowOffset, vertical, outHeight);
  return pixels;
}

/** Decodes any image sharp reads into interleaved 8-bit sRGB (alpha dropped, like PIL's `convert('RGB')`). */
export async function decodeRgb(bytes: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels, expected 3`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (err) {
    throw new WorkbenchError('INVALID_INPUT', 'The image could not be decoded.', {
      hint: 'Send a JPEG, PNG, WebP, GIF or TIFF image.',
      details: { reason: err instanceof Error ? err.message : String(err) },
      cause: err,
    });
  }
}

/**
 * The tyre recipe's preprocessing, as torchvision does it on a PIL image: `Resize((size, size))`
 * → `ToTensor()` → `Normalize(ImageNet mean, std)`; returns a CHW float32 tensor of 3·size·size.
 *
 * The resampling is written by hand because no JS library (sharp/libvips included) reproduces
 * Pillow's antialiased bilinear filter bit for bit, and the app's ONNX accuracy must agree with
 * the accuracy PyTorch measured to within half a point.
 */
export async function preprocessImage(bytes: Buffer, size = 224): Promise<Float32Array> {
  const { data, width, height } = await decodeRgb(bytes);
  const resized = resizeRgbLikePillow(data, width, height, size, size);
  return rgbToNormalizedChw(resized, size * size);
}

/** ToTensor (/255) then Normalize, interleaved RGB → planar CHW, in float32 like torch. */
export function rgbToNormalizedChw(rgb: Uint8Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(IMAGENET_MEAN[c]!);
    const std = Math.fround(IMAGENET_STD[c]!);
    const plane = c * pixels;
    for (let i = 0; i < pixels; i++) {
      // torch computes in float32: (x / 255 - mean) / std, each step rounded to float32.
      const v = Math.fround(rgb[i * 3 + c]! / 255);
      out[plane + i] = Math.fround(Math.fround(v - mean) / std);
    }
  }
  return out;
}
