import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { S3Target } from './s3-access';
import { BodilessSigner, encodeRfc3986 } from './sigv4-signer';

/** The error S3 answered, shaped like the SDK's (`name` = the S3 code) so one classifier serves both. */
export class S3ResponseError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// S3 keys are encoded per segment the way the SDK does (RFC 3986, "/" kept).
const encodeKey = (key: string) => key.split('/').map(encodeRfc3986).join('/');

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/** What a request may add: If-Match against the listed ETag, and cancellation. */
export interface RequestOptions {
  ifMatch?: string;
  signal?: AbortSignal;
}

/** A GET may ask for one byte range (`Range: bytes=start-end`, both inclusive); the answer must be 206. */
export interface GetOptions extends RequestOptions {
  range?: { start: number; end: number };
}

/**
 * GetObject without the SDK's middleware stack: a lean SigV4 signer (checked against the SDK's)
 * and a keep-alive agent. For 100 KB objects the SDK's per-request work costs more CPU than the
 * bytes, and on a small machine the client's CPU is what limits small-object throughput (see
 * bench/README.md).
 */
export class ObjectReader {
  private readonly signer: BodilessSigner;
  private readonly url: URL;
  private readonly agent: HttpAgent;

  constructor(target: S3Target, concurrency: number) {
    this.url = new URL(target.endpoint);
    this.signer = new BodilessSigner({
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      region: target.region || 'us-east-1',
    });
    const options = { keepAlive: true, maxSockets: Math.max(concurrency, 1) * 2 };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /** The object's body (or the asked range of it) as a stream; rejects with S3ResponseError for an S3 error answer. */
  async get(bucket: string, key: string, options: GetOptions = {}): Promise<IncomingMessage> {
    return this.retried('GET', bucket, key, options);
  }

  /**
   * HeadObject, optionally of one part (`partNumber`, 1-based): the response, its body already
   * drained; rejects with S3ResponseError (code `HTTP<status>`, a HEAD answer has no body) otherwise.
   */
  async head(bucket: string, key: string, options: RequestOptions & { partNumber?: number } = {}): Promise<IncomingMessage> {
    const res = await this.retried('HEAD', bucket, key, options);
    res.resume();
    return res;
  }

  private async retried(method: 'GET' | 'HEAD', bucket: string, key: string, options: GetOptions & { partNumber?: number }) {
    try {
      return await this.once(method, bucket, key, options);
    } catch (err) {
      // A keep-alive socket the server closed between requests: one fresh try, as the SDK would.
      if (options.signal?.aborted || !RETRYABLE.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      return this.once(method, bucket, key, options);
    }
  }

  /** A signed GET of an object for a client of its own (`rangedGet`): the endpoint, the path as sent, and the headers. */
  signedGet(
    bucket: string,
    key: string,
    extra: Record<string, string>,
  ): { url: URL; path: string; headers: Record<string, string> } {
    const base = this.url.pathname.replace(/\/+$/, '');
    const path = `${base}/${bucket}/${encodeKey(key)}`;
    return { url: this.url, path, headers: { ...this.signer.sign('GET', this.url.host, path, {}), ...extra } };
  }

  /** Closes the idle sockets. */
  destroy(): void {
    this.agent.destroy();
  }

  private async once(
    method: 'GET' | 'HEAD',
    bucket: string,
    key: string,
    options: GetOptions & { partNumber?: number },
  ): Promise<IncomingMessage> {
    const base = this.url.pathname.replace(/\/+$/, '');
    const path = `${base}/${bucket}/${encodeKey(key)}`;
    const query: Record<string, string> = options.partNumber === undefined ? {} : { partNumber: String(options.partNumber) };
    const wirePath = options.partNumber === undefined ? path : `${path}?partNumber=${options.partNumber}`;
    const headers = this.signer.sign(method, this.url.host, path, query);
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.range) headers.range = `bytes=${options.range.start}-${options.range.end}`;
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(
        this.url,
        { method, path: wirePath, headers, agent: this.agent, signal: options.signal, timeout: 60_000 },
        resolve,
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });
    const partial = options.partNumber !== undefined || options.range !== undefined;
    if ((res.statusCode === 200 && !options.range) || (res.statusCode === 206 && partial)) return res;
    if (res.statusCode === 200) {
      // A server that ignores Range would send the whole object to every ranged GET.
      res.destroy();
      throw new S3ResponseError('RangeIgnored', 'the server answered a ranged GET with the whole object', 200);
    }
    let text = '';
    for await (const chunk of res) text += String(chunk);
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.statusCode}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `HTTP ${res.statusCode}`;
    throw new S3ResponseError(code, message, res.statusCode ?? 0);
  }
}
