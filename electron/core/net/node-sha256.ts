import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type Source = string | ArrayBuffer | ArrayBufferView;

const bytes = (d: Source): string | Buffer =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? Buffer.from(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/**
 * SHA-256 (or HMAC-SHA-256 with a secret) on Node's native crypto, in the shape the AWS SDK's
 * SigV4 signer takes. The SDK's default outside Node's SDK clients is a pure-JavaScript SHA-256,
 * several times slower; every signed S3 request computes a handful of these.
 */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: Source) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  /** Feeds bytes. */
  update(data: Source): void {
    this.hash.update(bytes(data));
  }
  /** The digest of what was fed. */
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  /** Starts over with the same secret. */
  reset(): void {
    this.hash = this.fresh();
  }
}
