import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EndpointStatus } from '../../../shared/models';
import { WorkbenchError } from '../errors';
import { listen } from '../net/listen';
import { decodeRgb, resizeRgbLikePillow, rgbToNormalizedChw } from './image-preprocess';
import { LatencyRing } from './latency-ring';
import type { Classifier, ImagePrediction } from './onnx-model';
import { HttpError, readBody, tensorFromJson } from './request-body';

/** A model version loaded and ready to serve. */
export interface ServedModel {
  modelId: string;
  modelName: string;
  version: number;
  classifier: Classifier;
}

/** A served model and the requests using it; a retired slot closes its session when the last one ends. */
interface Slot {
  served: ServedModel;
  active: number;
  retired: boolean;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'application/x-image']);

/** True for addresses only this machine can reach, where no token is asked for. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** How a URL names the host (IPv6 in brackets; the any-address shown as loopback, where a local client connects). */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function closeSlot(slot: Slot): Promise<void> {
  await slot.served.classifier.close().catch((err: unknown) => console.error('closing a model session failed:', err));
}

/**
 * The local inference endpoint (`GET /ping`, `POST /invocations`) over node:http. Switching the
 * model swaps one reference; the old session is closed once the requests that hold it are done, so
 * no request fails during a switch.
 */
export class InferenceEndpoint {
  /** The bearer token asked for when bound to a non-loopback host. */
  readonly token = randomBytes(24).toString('base64url');
  /** True when started on the production alias: a promote or rollback switches the served version. */
  followsProduction = false;
  private server: Server | null = null;
  private slot: Slot | null = null;
  private host = '127.0.0.1';
  private port = 8080;
  private startedAt: string | null = null;
  private requests = 0;
  private errors = 0;
  private readonly latency = new LatencyRing();

  constructor(private readonly onChange: (status: EndpointStatus) => void = () => undefined) {}

  /** What the status panel shows. */
  status(): EndpointStatus {
    const served = this.slot?.served ?? null;
    const running = this.server !== null;
    return {
      running,
      url: running ? `http://${urlHost(this.host)}:${this.port}` : null,
      host: this.host,
      port: this.port,
      modelId: served?.modelId ?? null,
      modelName: served?.modelName ?? null,
      version: served?.version ?? null,
      provider: served?.classifier.provider ?? 'cpu',
      providerNote: served?.classifier.providerNote ?? null,
      followsProduction: running && this.followsProduction,
      tokenRequired: !isLoopback(this.host),
      requests: this.requests,
      errors: this.errors,
      latencyMs: this.latency.percentiles(),
      startedAt: this.startedAt,
    };
  }

  /** True when listening on this host and port (port 0 matches whatever port was given). */
  listensOn(host: string, port: number): boolean {
    return this.server !== null && host === this.host && (port === 0 || port === this.port);
  }

  /** Starts listening with `served`; the caller has loaded it. Fails (and closes nothing of ours) when the port is taken. */
  async start(served: ServedModel, host: string, port: number): Promise<EndpointStatus> {
    if (this.server) throw new WorkbenchError('CONFLICT', 'The endpoint is already running.', { hint: 'Stop it first.' });
    const server = createServer((req, res) => void this.handle(req, res));
    server.requestTimeout = 60_000;
    try {
      this.port = await listen(server, port, host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new WorkbenchError(
        code === 'EADDRINUSE' ? 'CONFLICT' : 'INVALID_INPUT',
        code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is in use.`
          : `Cannot listen on ${host}:${port} (${code ?? String(err)}).`,
        {
          hint:
            code === 'EADDRINUSE'
              ? 'Choose another port, or 0 for any free port.'
              : 'Use 127.0.0.1, or an address of this machine.',
        },
      );
    }
    this.server = server;
    this.host = host;
    this.slot = { served, active: 0, retired: false };
    this.startedAt = new Date().toISOString();
    this.requests = 0;
    this.errors = 0;
    this.latency.clear();
    this.changed();
    return this.status();
  }

  /** Serves `served` from now on: new requests use it at once, the old session closes when its requests end. */
  switchTo(served: ServedModel): EndpointStatus {
    const old = this.slot;
    this.slot = { served, active: 0, retired: false };
    if (old) {
      old.retired = true;
      if (old.active === 0) void closeSlot(old);
    }
    this.changed();
    return this.status();
  }

  /** Stops accepting connections, lets in-flight requests finish, then closes the session. */
  async stop(): Promise<EndpointStatus> {
    const server = this.server;
    if (!server) return this.status();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A client that keeps a connection open without sending is not waited for past this.
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(force);
    this.server = null;
    const slot = this.slot;
    this.slot = null;
    this.startedAt = null;
    if (slot) {
      slot.retired = true;
      if (slot.active === 0) await closeSlot(slot);
    }
    this.changed();
    return this.status();
  }

  private changed(): void {
    this.onChange(this.status());
  }

  private authorized(req: IncomingMessage): boolean {
    if (isLoopback(this.host)) return true;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    const wanted = Buffer.from(this.token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    let status = 200;
    try {
      if (!this.authorized(req)) {
        req.resume();
        throw new HttpError(401, 'UNAUTHORIZED', 'Send the endpoint token as "Authorization: Bearer <token>".');
      }
      if (path === '/ping') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req, res, 'GET');
        const served = this.slot?.served;
        send(res, 200, { status: 'ok', model: served?.modelName ?? null, version: served?.version ?? null });
        return;
      }
      if (path !== '/invocations') {
        req.resume();
        throw new HttpError(404, 'NOT_FOUND', `There is no ${path}; use POST /invocations or GET /ping.`);
      }
      if (req.method !== 'POST') throw methodNotAllowed(req, res, 'POST');
      this.requests += 1;
      send(res, 200, await this.invoke(req));
    } catch (err) {
      const httpError =
        err instanceof HttpError ? err : new HttpError(500, 'INTERNAL', err instanceof Error ? err.message : String(err));
      status = httpError.status;
      if (path === '/invocations') this.errors += 1;
      if (!res.headersSent) send(res, httpError.status, { error: { code: httpError.code, message: httpError.message } });
    } finally {
      if (path === '/invocations' && status !== 401) this.latency.add(performance.now() - started);
    }
  }

  private async invoke(req: IncomingMessage): Promise<unknown> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !IMAGE_TYPES.has(type)) {
      req.resume();
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${type || '(none)'} is not accepted; send image/jpeg, image/png or application/json.`,
      );
    }
    const body = await readBody(req);
    if (body.length === 0) throw new HttpError(400, 'EMPTY_BODY', 'The request body is empty; send an image or a JSON tensor.');
    // Taken after the body is read, so a slow upload never holds a session that is being switched out.
    const slot = this.slot;
    if (!slot) throw new HttpError(503, 'NOT_SERVING', 'The endpoint is stopping.');
    slot.active += 1;
    try {
      const classifier = slot.served.classifier;
      const size = classifier.imageSize;
      if (type === 'application/json') {
        const { data, n } = tensorFromJson(instancesOf(body), size);
        const logits = await classifier.predictTensor(data, n);
        const rows = Array.from({ length: n }, (_, i) => rowPrediction(classifier, logits, i));
        return n === 1 ? rows[0] : { predictions: rows };
      }
      let tensor: Float32Array;
      try {
        const { data, width, height } = await decodeRgb(body);
        tensor = rgbToNormalizedChw(resizeRgbLikePillow(data, width, height, size, size), size * size);
      } catch {
        throw new HttpError(400, 'INVALID_IMAGE', `The body is not a readable ${type} image.`);
      }
      return classifier.toPrediction(await classifier.predictTensor(tensor, 1));
    } finally {
      slot.active -= 1;
      if (slot.retired && slot.active === 0) void closeSlot(slot);
    }
  }
}

function rowPrediction(classifier: Classifier, logits: Float32Array, i: number): ImagePrediction {
  const k = classifier.labels.length;
  return classifier.toPrediction(logits.subarray(i * k, (i + 1) * k));
}

/** `{"instances": …}` or `{"inputs": …}` from a JSON body; a 400 for anything else. */
function instancesOf(body: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON.');
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    if ('instances' in record) return record.instances;
    if ('inputs' in record) return record.inputs;
  }
  throw new HttpError(400, 'WRONG_SHAPE', 'Send {"instances": [...]} or {"inputs": [...]} holding a [N, 3, H, W] tensor.');
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): HttpError {
  req.resume();
  res.setHeader('Allow', allow);
  return new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allow}.`);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
