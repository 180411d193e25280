import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

/** One answer of the lab's REST API, body parsed. */
export interface RestAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  // Tests read ONTAP's records freely; the assertions are the type check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** How to call: credentials (null for none) and a raw body instead of JSON. */
export interface CallOptions {
  auth?: { user: string; password: string } | null;
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A small HTTPS JSON client for the lab's REST API that trusts exactly the lab's self-signed
 * certificate (node:https with `ca`, as a client pinning the cluster's certificate would).
 */
export function labRestClient(port: number, ca: string, auth: { user: string; password: string }) {
  const call = (method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<RestAnswer> =>
    new Promise((resolve, reject) => {
      const creds = options.auth === undefined ? auth : options.auth;
      const data = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          ca,
          headers: {
            accept: 'application/hal+json',
            ...options.headers,
            ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
            ...(creds ? { authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}` } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(data);
    });
  return {
    call,
    get: (path: string, options?: CallOptions) => call('GET', path, undefined, options),
    post: (path: string, body: unknown, options?: CallOptions) => call('POST', path, body, options),
    patch: (path: string, body: unknown, options?: CallOptions) => call('PATCH', path, body, options),
    delete: (path: string, body?: unknown, options?: CallOptions) => call('DELETE', path, body, options),
    /** Polls a job as ONTAP clients do until it ends (bounded by a deadline). */
    async job(href: string, deadlineMs = 20_000): Promise<RestAnswer> {
      const end = Date.now() + deadlineMs;
      for (;;) {
        const answer = await call('GET', href);
        if (answer.status !== 200 || !['queued', 'running', 'paused'].includes(answer.body.state)) return answer;
        if (Date.now() > end) throw new Error(`job ${href} still ${answer.body.state} after ${deadlineMs} ms`);
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

/** The client's type. */
export type LabRestClient = ReturnType<typeof labRestClient>;
