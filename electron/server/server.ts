import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessageSchema, WS_PATH } from '../../shared/wire';
import type { Backend } from '../core/backend';
import { dispatch } from '../core/contract/dispatch';
import { listen } from '../core/net/listen';
import { allowedOrigins, newToken, presentedToken, TOKEN_COOKIE, tokenMatches } from './auth';
import { SECURITY_HEADERS } from './security-headers';

/** Where and what browser mode serves. */
export interface ServeOptions {
  backend: Backend;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

/** A running browser-mode server. */
export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const UNAUTHORIZED_TEXT =
  "401 Unauthorized: open the URL that `workbench serve` printed; it carries this session's access token.\n";
/** A generous bound for one message; contract inputs are small, and bulk data never travels this way. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * Starts browser mode: the built renderer over HTTP and the contract over a WebSocket, both
 * behind a random per-start token (401 without it) and an Origin check on the WebSocket.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const indexFile = join(options.rendererDir, 'index.html');
  const assets = sirv(options.rendererDir, {
    dev: false,
    etag: true,
    single: true,
    setHeaders: (res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    },
  });

  const handleHttp = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = presentedToken(req, url);
    if (!tokenMatches(token, given)) return refuse(res, 401, UNAUTHORIZED_TEXT);
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a strict, script-invisible cookie, as Jupyter does.
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      return res.end();
    }
    if (!existsSync(indexFile)) {
      return refuse(res, 503, `The renderer is not built (no ${indexFile}). Run \`npm run build\`, then start again.\n`);
    }
    assets(req, res, () => refuse(res, 404, 'Not found\n'));
  };

  const server = createServer(handleHttp);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const port = (server.address() as AddressInfo).port;
    const origin = req.headers.origin;
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return reject('404 Not Found');
    if (!tokenMatches(token, presentedToken(req, url))) return reject('401 Unauthorized');
    // Browsers always send Origin on WebSocket upgrades; tools such as tests and scripts may not.
    if (origin !== undefined && !allowedOrigins(host, port).has(origin)) return reject('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.backend));
  });

  const port = await listen(server, options.port ?? 0, host);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Binds one WebSocket to the backend: invokes in, results and events out. */
function serveSocket(ws: WebSocket, backend: Backend): void {
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = backend.bus.subscribe((name, payload) => send({ type: 'event', name, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    let parsed;
    try {
      parsed = clientMessageSchema.safeParse(JSON.parse(data.toString()));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      ws.close(1003, 'messages must be JSON {type:"invoke", id, method, input}');
      return;
    }
    const { id, method, input } = parsed.data;
    void dispatch(backend.handlers, method, input).then((outcome) => send({ type: 'result', id, ...outcome }));
  });
}
