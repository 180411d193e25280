import { join } from 'node:path';
import ssh2 from 'ssh2';
import { createHash, X509Certificate } from 'node:crypto';
import type { EventName, EventPayload, MethodName, MethodOutput } from '../../shared/contract';
import type { JobSnapshot } from '../../shared/jobs';
import { createBackend, type Backend } from '../../electron/core/backend';
import { dispatch } from '../../electron/core/contract/dispatch';
import { startLab, type RunningLab } from '../../electron/lab/start-lab';
import { repoRoot, tempDir } from './temp-dir';

/** Every event the backend published, in order. */
export type RecordedEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** A running lab, the real backend with two connections to it (REST and SSH), and calls through `dispatch`. */
export interface SetupFixture {
  running: RunningLab;
  backend: Backend;
  dataDir: string;
  /** The lab's connections by protocol: both point at the same lab. */
  connections: { rest: string; ssh: string };
  events: RecordedEvent[];
  /** Calls a method through the contract's entry point; throws the wire error when it fails. */
  call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>>;
  /** Waits for a job to end (no polling: the registry's own promise). */
  waitForJob(jobId: string): Promise<JobSnapshot>;
  /** Subscribes to the backend's events; returns the unsubscribe function. */
  onEvent(listener: (e: RecordedEvent) => void): () => void;
  close(): Promise<void>;
}

/** OpenSSH's SHA256 fingerprint of the lab's host key, as a user would compare it. */
function hostKeySha256(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new Error('the lab has no usable host key');
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Starts a fresh lab and the real backend (`createBackend`), adds two connections to the lab with
 * `connections.add` — one speaking REST, one the CLI over SSH — and trusts the lab's certificate and
 * host key with `connections.trust`, as a user would after the connection test.
 */
export async function openSetupFixture(): Promise<SetupFixture> {
  const home = tempDir('s3setup-');
  const running = await startLab({ dir: join(home.path, 'lab'), sampleScale: 0.01 });
  const dataDir = join(home.path, 'data');
  const backend = createBackend({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    version: '0.0.0-test',
    mode: 'test',
    // Headless secrets with the owner-only key file, whatever the developer's shell sets.
    env: { ...process.env, WORKBENCH_SECRETS_PASSPHRASE: undefined },
  });
  const events: RecordedEvent[] = [];
  backend.bus.subscribe((name, payload) => events.push({ name, payload } as RecordedEvent));
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> => {
    const answer = await dispatch(backend.handlers, method, input);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.result as MethodOutput<M>;
  };
  try {
    const ep = running.endpoints();
    const add = async (protocol: 'rest' | 'ssh') => {
      const connection = await call('connections.add', {
        name: `Lab over ${protocol.toUpperCase()}`,
        host: '127.0.0.1',
        restPort: Number(new URL(ep.rest).port),
        sshPort: ep.ssh.port,
        username: ep.username,
        password: ep.password,
        protocol,
      });
      const sha256 =
        protocol === 'rest' ? new X509Certificate(running.lab.tls.cert).fingerprint256 : hostKeySha256(running.lab.hostKey);
      await call('connections.trust', { id: connection.id, kind: protocol === 'rest' ? 'certificate' : 'host-key', sha256 });
      return connection.id;
    };
    const connections = { rest: await add('rest'), ssh: await add('ssh') };
    return {
      running,
      backend,
      dataDir,
      connections,
      events,
      call,
      waitForJob: (jobId) => backend.jobs.waitFor(jobId),
      onEvent: (listener) => backend.bus.subscribe((name, payload) => listener({ name, payload } as RecordedEvent)),
      close: async () => {
        await backend.dispose();
        await running.close();
        home.remove();
      },
    };
  } catch (err) {
    await backend.dispose();
    await running.close();
    home.remove();
    throw err;
  }
}
