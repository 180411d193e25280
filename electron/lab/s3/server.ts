import { createServer as createHttpServer, type Server } from 'node:http';
import { listen } from '../../core/net/listen';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Lab } from '../model/lab';
import { s3Handler } from './handler';

/** Where each SVM's S3 answers right now. */
export type S3Endpoints = Record<string, { http?: string; https?: string }>;

/** The running S3 listeners of a lab. */
export interface S3Servers {
  /** Stops every listener and stops following configuration changes. */
  close(): Promise<void>;
  /** URLs of the listeners that are up, by SVM name. */
  endpoints(): S3Endpoints;
  /** Resolves once listeners match the latest object-store server change (rejects if starting one failed). */
  ready(): Promise<void>;
}

type Scheme = 'http' | 'https';

interface SvmListeners {
  http?: Server;
  https?: Server;
}

const SERVER_OPTIONS = {
  // Large uploads may take long; only slow headers are cut off.
  requestTimeout: 0,
  headersTimeout: 60_000,
};

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // In-flight requests are cut: their uploads are abandoned by the model, nothing half-written.
  server.closeAllConnections();
  await closed;
}

/**
 * Starts one S3 listener per SVM, as a data interface with the S3 protocol would answer: HTTP on
 * the SVM's `ports.s3[svm].http` while its object-store server is enabled with HTTP, HTTPS (the
 * lab's certificate) on `.https` while HTTPS is enabled, and nothing (connection refused)
 * otherwise. Follows `s3-service-changed` to start and stop listeners as the configuration changes.
 */
export async function startS3Servers(lab: Lab, options: { host?: string } = {}): Promise<S3Servers> {
  const host = options.host ?? '127.0.0.1';
  const running = new Map<string, SvmListeners>();
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  let failure: unknown = null;

  const start = async (svmUuid: string, scheme: Scheme, port: number): Promise<Server> => {
    const handler = s3Handler(lab, svmUuid);
    const server =
      scheme === 'http'
        ? createHttpServer(SERVER_OPTIONS, handler)
        : createHttpsServer({ ...SERVER_OPTIONS, cert: lab.tls.cert, key: lab.tls.key }, handler);
    // Our handler decides whether to send "100 Continue" (only once an upload is accepted).
    server.on('checkContinue', handler);
    server.keepAliveTimeout = 5_000;
    await listen(server, port, host);
    return server;
  };

  const apply = async (svmUuid: string): Promise<void> => {
    const svm = lab.svms().find((s) => s.uuid === svmUuid);
    const service = svm && !closed ? lab.s3.service(svm.uuid) : undefined;
    const ports = svm ? lab.config.ports.s3[svm.name] : undefined;
    const current = running.get(svmUuid) ?? {};
    running.set(svmUuid, current);
    const wanted: Record<Scheme, boolean> = {
      http: Boolean(service?.enabled && service.is_http_enabled && ports),
      https: Boolean(service?.enabled && service.is_https_enabled && ports),
    };
    for (const scheme of ['http', 'https'] as const) {
      const server = current[scheme];
      if (wanted[scheme] && !server && ports) current[scheme] = await start(svmUuid, scheme, ports[scheme]);
      else if (!wanted[scheme] && server) {
        current[scheme] = undefined;
        await stop(server);
      }
    }
  };

  // Changes are applied one at a time, in order, so a quick create-then-delete cannot leave a listener behind.
  const reconcile = (svmUuid: string): Promise<void> => {
    queue = queue.then(() =>
      apply(svmUuid).catch((err: unknown) => {
        failure = err;
      }),
    );
    return queue;
  };
  const onChange = (svmUuid: string) => void reconcile(svmUuid);

  for (const svm of lab.svms()) void reconcile(svm.uuid);
  await queue;
  if (failure) {
    const err = failure;
    closed = true;
    for (const svm of lab.svms()) void reconcile(svm.uuid);
    await queue;
    throw err;
  }
  lab.events.on('s3-service-changed', onChange);

  return {
    endpoints() {
      const out: S3Endpoints = {};
      for (const svm of lab.svms()) {
        const listeners = running.get(svm.uuid);
        for (const scheme of ['http', 'https'] as const) {
          const address = listeners?.[scheme]?.address() as AddressInfo | null | undefined;
          if (address) (out[svm.name] ??= {})[scheme] = `${scheme}://${urlHost(host)}:${address.port}`;
        }
      }
      return out;
    },
    async ready() {
      await queue;
      if (failure) {
        const err = failure;
        failure = null;
        throw err;
      }
    },
    async close() {
      lab.events.off('s3-service-changed', onChange);
      closed = true;
      for (const svmUuid of running.keys()) void reconcile(svmUuid);
      await queue;
    },
  };
}
