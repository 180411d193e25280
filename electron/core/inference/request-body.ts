import type { IncomingMessage } from 'node:http';

/** The largest request body the endpoint accepts (an image or a JSON tensor). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
// Past this much discarded body the client is not a client: drop the connection instead of draining.
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

/** An HTTP error the endpoint answers with `{"error": {"code", "message"}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Reads the whole body up to `limit` bytes. A larger body is drained (not kept) and then refused
 * with 413, so the client finishes sending and reads the answer instead of seeing a reset.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (bytes > MAX_DRAIN_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new HttpError(413, 'BODY_TOO_LARGE', `The body is larger than ${limit / 1024 / 1024} MB.`));
      else resolve(Buffer.concat(chunks, bytes));
    });
    req.on('error', reject);
  });
}

/**
 * Flattens a JSON tensor `[N][3][S][S]` (or one image `[3][S][S]`) into float32, checking every
 * row's length; anything else is a 400 naming the expected shape.
 */
export function tensorFromJson(value: unknown, size: number): { data: Float32Array; n: number } {
  const expected = `[N, 3, ${size}, ${size}]`;
  const wrong = (why: string) => new HttpError(400, 'WRONG_SHAPE', `The tensor must have the shape ${expected}: ${why}.`);
  if (!Array.isArray(value) || value.length === 0) throw wrong('it is not a non-empty array');
  const single = Array.isArray(value[0]) && Array.isArray(value[0][0]) && !Array.isArray(value[0][0][0]);
  const images = (single ? [value] : value) as unknown[];
  const perImage = 3 * size * size;
  const data = new Float32Array(images.length * perImage);
  let offset = 0;
  images.forEach((image, i) => {
    if (!Array.isArray(image) || image.length !== 3) throw wrong(`image ${i} does not have 3 channels`);
    for (const channel of image) {
      if (!Array.isArray(channel) || channel.length !== size) throw wrong(`image ${i} is not ${size} rows high`);
      for (const row of channel) {
        if (!Array.isArray(row) || row.length !== size) throw wrong(`image ${i} is not ${size} columns wide`);
        for (const v of row) {
          if (typeof v !== 'number' || !Number.isFinite(v)) throw wrong(`image ${i} holds a value that is not a number`);
          data[offset++] = v;
        }
      }
    }
  });
  return { data, n: images.length };
}
