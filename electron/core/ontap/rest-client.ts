import { request } from 'node:https';
import { cancelledError, WorkbenchError } from '../errors';
import { ontapHttpError } from './rest-errors';
import { networkError } from './network-errors';
import { VerifyingAgent } from './tls-trust';

/**
 * A client of ONTAP's REST API over HTTPS: basic auth, JSON, verified (or pinned) certificates,
 * collections followed page by page, long operations (202 + job) polled to their end, and ONTAP's
 * error bodies turned into WorkbenchError. Every call honours an AbortSignal and bounded timeouts.
 */

/** Where the API is and who calls it. */
export interface RestClientOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The pinned certificate fingerprint, or null to trust only CA-signed certificates. */
  pinnedSha256: string | null;
  connectTimeoutMs?: number;
  /** How long a request may go without any answer. */
  requestTimeoutMs?: number;
  /** Longest a long operation (job) may run before the call gives up waiting. */
  jobTimeoutMs?: number;
  /** Records per page when reading collections. */
  pageSize?: number;
}

/** One call's options. */
export interface RestCallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Scopes the call to an SVM (`X-Dot-SVM-Name`). */
  svm?: string;
  /** Told the job's state at each poll while a 202 answer's job runs. */
  onJob?: (message: string) => void;
}

/** A decoded answer. */
export interface RestResponse {
  status: number;
  body: Record<string, unknown>;
}

/** ONTAP's job record, as `GET /api/cluster/jobs/{uuid}` answers. */
interface OntapJob {
  uuid?: string;
  state?: string;
  message?: string;
  code?: number | string;
  description?: string;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The ONTAP REST client of one connection; close() ends its kept-alive sockets. */
export class RestClient {
  private readonly agent: VerifyingAgent;
  private readonly auth: string;

  constructor(private readonly options: RestClientOptions) {
    this.agent = new VerifyingAgent({ pinnedSha256: options.pinnedSha256, connectTimeoutMs: options.connectTimeoutMs });
    this.auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** `host:port`, for messages. */
  get target(): { host: string; port: number } {
    return { host: this.options.host, port: this.options.port };
  }

  /** The user this client calls as. */
  get username(): string {
    return this.options.username;
  }

  /** One request; a non-2xx answer becomes a WorkbenchError (401 → ONTAP_AUTH_FAILED, 403 → ONTAP_PRIVILEGE…). */
  async call(method: string, path: string, o: RestCallOptions = {}): Promise<RestResponse> {
    const response = await this.send(method, withQuery(path, o.query), o);
    if (response.status >= 200 && response.status < 300) return response;
    throw ontapHttpError(response, { method, path, username: this.options.username });
  }

  /** GET of one record. */
  async get(path: string, o: RestCallOptions = {}): Promise<Record<string, unknown>> {
    return (await this.call('GET', path, o)).body;
  }

  /** Every record of a collection, following `_links.next` page by page. */
  async collect<T = Record<string, unknown>>(path: string, o: RestCallOptions = {}): Promise<T[]> {
    const records: T[] = [];
    let next: string | null = withQuery(path, { max_records: this.options.pageSize ?? 500, ...o.query });
    const seen = new Set<string>();
    while (next) {
      // A server that links a page to itself would loop forever; ONTAP never does, but a proxy might.
      if (seen.has(next)) break;
      seen.add(next);
      const response = await this.send('GET', next, o);
      if (response.status < 200 || response.status >= 300)
        throw ontapHttpError(response, { method: 'GET', path, username: this.options.username });
      const page = response.body as { records?: T[]; _links?: { next?: { href?: string } } };
      records.push(...(page.records ?? []));
      next = nextPath(page._links?.next?.href);
    }
    return records;
  }

  /**
   * A change that ONTAP may run as a job: a 202 answer is followed by polling the job until it
   * succeeds (resolving with the original answer) or fails (ONTAP_ERROR with the job's message).
   */
  async change(method: string, path: string, o: RestCallOptions = {}): Promise<RestResponse> {
    const response = await this.call(method, path, o);
    const job = (response.body.job ?? null) as OntapJob | null;
    if (response.status === 202 && job?.uuid) await this.waitForJob(job.uuid, o.signal, o.onJob);
    return response;
  }

  /** Polls `/api/cluster/jobs/{uuid}` until the job ends; honours the signal; bounded by jobTimeoutMs. */
  async waitForJob(uuid: string, signal?: AbortSignal, onJob?: (message: string) => void): Promise<OntapJob> {
    const deadline = Date.now() + (this.options.jobTimeoutMs ?? 10 * 60_000);
    let delay = 100;
    for (;;) {
      const job = (await this.get(`/api/cluster/jobs/${encodeURIComponent(uuid)}`, {
        query: { fields: 'uuid,state,message,code,description' },
        signal,
      })) as OntapJob;
      if (job.state === 'success') return job;
      if (job.state === 'failure')
        throw new WorkbenchError('ONTAP_ERROR', job.message || `ONTAP job ${uuid} failed.`, {
          details: { job: uuid, code: job.code === undefined ? null : String(job.code), description: job.description ?? null },
        });
      if (Date.now() > deadline)
        throw new WorkbenchError('ONTAP_ERROR', `ONTAP job ${uuid} (${job.description ?? 'a change'}) is still ${job.state}.`, {
          hint: 'It goes on in the cluster; look at it with `job show` or in System Manager, then refresh.',
          details: { job: uuid },
        });
      onJob?.(`ONTAP job ${uuid}: ${job.state ?? 'queued'}${job.message ? ` — ${job.message}` : ''}`);
      // Polling a job on the cluster (not test synchronisation): quick at first, then every 2 s.
      await abortableDelay(delay, signal);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  /** Ends the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, o: RestCallOptions): Promise<RestResponse> {
    const { host, port } = this.options;
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const timeoutMs = this.options.requestTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      if (o.signal?.aborted) return reject(cancelledError());
      const req = request({
        host,
        port,
        method,
        path,
        agent: this.agent,
        headers: {
          accept: 'application/hal+json, application/json',
          authorization: this.auth,
          ...(o.svm ? { 'x-dot-svm-name': o.svm } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
        timeout: timeoutMs,
      });
      const onAbort = () => req.destroy(cancelledError());
      o.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => o.signal?.removeEventListener('abort', onAbort);
      req.on('timeout', () => {
        const err: NodeJS.ErrnoException = new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`);
        err.code = 'ETIMEDOUT';
        req.destroy(err);
      });
      req.on('error', (err) => {
        done();
        reject(err instanceof WorkbenchError ? err : networkError(err, { host, port }, 'the cluster'));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES)
            req.destroy(new WorkbenchError('ONTAP_ERROR', `The answer to ${method} ${path} is too large.`));
          else chunks.push(chunk);
        });
        res.on('error', (err) => {
          done();
          reject(err instanceof WorkbenchError ? err : networkError(err, { host, port }, 'the cluster'));
        });
        res.on('end', () => {
          done();
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (!text.trim()) return resolve({ status, body: {} });
          try {
            resolve({ status, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(
              new WorkbenchError(
                'ONTAP_ERROR',
                `${host}:${port} answered ${status} without JSON: this is not ONTAP's REST API.`,
                {
                  hint: 'Check the host and the REST port (443 by default) of the cluster or SVM management interface.',
                  details: { status, path },
                },
              ),
            );
          }
        });
      });
      req.end(payload);
    });
  }
}

/** `path?query` with the query's defined values appended (existing parameters kept). */
export function withQuery(path: string, query: RestCallOptions['query']): string {
  if (!query) return path;
  const url = new URL(path, 'https://ontap.invalid');
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && !url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  return `${url.pathname}${url.search}`;
}

/** The next page's path from `_links.next.href`: only its path and query, never another host. */
function nextPath(href: string | undefined): string | null {
  if (!href) return null;
  const url = new URL(href, 'https://ontap.invalid');
  return `${url.pathname}${url.search}`;
}
