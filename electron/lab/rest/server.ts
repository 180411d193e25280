import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../../core/net/listen';
import { createServer } from 'node:https';
import { LabError } from '../model/errors';
import type { Lab } from '../model/lab';
import { AUTH_CHALLENGE, isAuthorized, unauthorized } from './auth';
import { parseJsonBody } from './body';
import { allowedMethods, apiNotFound, compileRoutes, matchRoute, methodNotAllowed, type CompiledRoute } from './router';
import { restRoutes } from './routes';
import type { RestContext, RestMethod, RestReply } from './types';

/** Bodies of the lab's API are small JSON objects; anything bigger is refused unread. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Where to serve the lab's REST API. */
export interface RestServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

/** A running REST server. */
export interface RunningRestServer {
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new LabError('2', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorReply(err: unknown): RestReply {
  if (err instanceof LabError)
    return { status: err.status, body: err.toBody(), ...(err.status === 401 ? { headers: AUTH_CHALLENGE } : {}) };
  // Not a refusal the model foresaw: ONTAP's generic internal error, with the reason.
  return { status: 500, body: { error: { message: err instanceof Error ? err.message : String(err), code: '1' } } };
}

async function handle(ctx: RestContext, table: CompiledRoute[], req: IncomingMessage): Promise<RestReply> {
  if (!isAuthorized(ctx.lab, req.headers)) throw unauthorized();
  const url = new URL(req.url ?? '/', 'https://lab.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const match = matchRoute(table, path);
  if (!match) throw apiNotFound();
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return { status: 200, body: {}, headers: { Allow: allowedMethods(match.route) } };
  const routed = (method === 'HEAD' ? 'GET' : method) as RestMethod;
  const handler = match.route.methods[routed];
  if (!handler) {
    const err = methodNotAllowed(method);
    return { status: err.status, body: err.toBody(), headers: { Allow: allowedMethods(match.route) } };
  }
  const body = routed === 'GET' ? {} : parseJsonBody(await readBody(req));
  return handler(ctx, { method: routed, path, params: match.params, query: url.searchParams, body, headers: req.headers });
}

function send(req: IncomingMessage, res: ServerResponse, reply: RestReply): void {
  const text = JSON.stringify(reply.body);
  // ONTAP answers HAL unless the client asked for plain JSON; the links are the same either way.
  const accept = req.headers.accept ?? '';
  const type = accept.includes('application/json') && !accept.includes('hal+json') ? 'application/json' : 'application/hal+json';
  res.writeHead(reply.status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/**
 * Serves the lab's ONTAP REST API over HTTPS (the lab's self-signed certificate) with HTTP basic
 * authentication as the cluster admin. Routing is the table in routes.ts; the handlers translate
 * HTTP onto the lab's model and never duplicate its rules.
 */
export async function startRestServer(lab: Lab, options: RestServerOptions): Promise<RunningRestServer> {
  const host = options.host ?? '127.0.0.1';
  const ctx: RestContext = { lab, host };
  const table = compileRoutes(restRoutes);
  const server = createServer({ cert: lab.tls.cert, key: lab.tls.key }, (req, res) => {
    handle(ctx, table, req)
      .catch(errorReply)
      .then((reply) => send(req, res, reply))
      .catch(() => res.destroy());
  });
  const port = await listen(server, options.port, host);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
