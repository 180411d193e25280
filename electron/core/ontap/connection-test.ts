import type { ConnectionTestStep } from '../../../shared/connections';
import { cancelledError, toErrorShape, WorkbenchError } from '../errors';
import { accountScope, describeVersion, probeTcp, resolveHost } from './connection-probes';
import { RestClient } from './rest-client';
import { SshSession } from './ssh-session';
import { probeCertificate } from './tls-trust';

/**
 * The connection test: name resolution, TCP to the REST and SSH ports, TLS, login, ONTAP version,
 * what the account may do, the SSH host key and the CLI login — in that order, each streamed as it
 * starts and ends, a failure saying its cause and fix, and the steps it makes pointless skipped.
 */

/** What the test connects to. */
export interface ConnectionTestTarget {
  connectionId: string;
  host: string;
  restPort: number;
  sshPort: number;
  username: string;
  password: string | null;
  pinnedCertificate: string | null;
  pinnedHostKey: string | null;
}

/** Where the steps go and what may stop them. */
export interface ConnectionTestIo {
  jobId: string;
  signal: AbortSignal;
  /** Each step as it starts and ends (the service publishes them as `connection.test` events). */
  publish(step: ConnectionTestStep): void;
  progress(done: number, total: number, message: string): void;
}

/** How the test ended: the first failure (null when none) and what the servers presented. */
export interface ConnectionTestOutcome {
  failure: WorkbenchError | null;
  seen: { certificate?: { sha256: string; subject: string }; hostKey?: { sha256: string } };
}

type StepName = ConnectionTestStep['step'];
type Final = Omit<ConnectionTestStep, 'jobId' | 'connectionId' | 'step'>;

/** The steps in the order they run. */
export const TEST_STEPS: readonly StepName[] = [
  'dns',
  'tcp-rest',
  'tcp-ssh',
  'tls',
  'login',
  'version',
  'privileges',
  'ssh-host-key',
  'ssh-login',
];

const RUNNING: Record<StepName, string> = {
  dns: 'Resolving the host name…',
  'tcp-rest': 'Opening a TCP connection to the REST port…',
  'tcp-ssh': 'Opening a TCP connection to the SSH port…',
  tls: 'Checking the TLS certificate…',
  login: 'Logging in to the REST API…',
  version: 'Reading the ONTAP version…',
  privileges: 'Finding what this account may do…',
  'ssh-host-key': 'Checking the SSH host key…',
  'ssh-login': 'Logging in to the CLI over SSH…',
};

function failed(err: unknown, extra: Partial<Final> = {}): Final {
  const shape = toErrorShape(err);
  return { status: 'failed', message: shape.message, code: shape.code, ...(shape.hint ? { hint: shape.hint } : {}), ...extra };
}

function trustOf(err: unknown, kind: 'certificate' | 'host-key'): Partial<Final> {
  const details = (err as WorkbenchError).details as { sha256?: string; subject?: string } | undefined;
  if (!details?.sha256) return {};
  return { trust: { kind, sha256: details.sha256, ...(details.subject ? { subject: details.subject } : {}) } };
}

/** Runs the test; never throws except CANCELLED, a failed step is in the outcome. */
export async function runConnectionTest(target: ConnectionTestTarget, io: ConnectionTestIo): Promise<ConnectionTestOutcome> {
  const outcome: ConnectionTestOutcome = { failure: null, seen: {} };
  const blocked = new Map<StepName, string>();
  let done = 0;
  const block = (steps: StepName[], why: string) => steps.forEach((s) => blocked.has(s) || blocked.set(s, why));
  const emit = (step: StepName, final: Final) =>
    io.publish({ jobId: io.jobId, connectionId: target.connectionId, step, ...final });

  /** Runs a step unless an earlier failure made it pointless; `work` returns its final state. */
  const step = async (name: StepName, work: () => Promise<Final>): Promise<Final | null> => {
    if (io.signal.aborted) throw cancelledError('The connection test');
    const why = blocked.get(name);
    if (why) {
      emit(name, { status: 'skipped', message: why });
      io.progress(++done, TEST_STEPS.length, why);
      return null;
    }
    emit(name, { status: 'running', message: RUNNING[name] });
    let final: Final;
    try {
      final = await work();
    } catch (err) {
      if (err instanceof WorkbenchError && err.code === 'CANCELLED') throw err;
      if (io.signal.aborted) throw cancelledError('The connection test');
      final = failed(err);
      outcome.failure ??= err instanceof WorkbenchError ? err : new WorkbenchError('INTERNAL', final.message);
    }
    if (final.status === 'failed' && !outcome.failure) outcome.failure = new WorkbenchError('ONTAP_ERROR', final.message);
    emit(name, final);
    io.progress(++done, TEST_STEPS.length, final.message);
    return final;
  };

  const restTarget = { host: target.host, port: target.restPort };
  const sshTarget = { host: target.host, port: target.sshPort };
  const restSteps: StepName[] = ['tls', 'login', 'version', 'privileges'];
  const sshSteps: StepName[] = ['ssh-host-key', 'ssh-login'];

  const dns = await step('dns', async () => {
    const addresses = await resolveHost(target.host, io.signal);
    const shown = addresses.slice(0, 3).join(', ');
    return {
      status: 'ok',
      message: addresses.includes(target.host) ? `${target.host} is an IP address.` : `${target.host} resolves to ${shown}.`,
    };
  });
  if (dns?.status === 'failed') block([...TEST_STEPS], 'Skipped: the host name does not resolve.');

  const tcpRest = await step('tcp-rest', async () => {
    const ms = await probeTcp(restTarget, io.signal);
    return { status: 'ok', message: `Port ${target.restPort} (REST over HTTPS) is open (${ms} ms).` };
  });
  if (tcpRest?.status === 'failed') block(restSteps, `Skipped: port ${target.restPort} cannot be reached.`);

  const tcpSsh = await step('tcp-ssh', async () => {
    const ms = await probeTcp(sshTarget, io.signal);
    return { status: 'ok', message: `Port ${target.sshPort} (SSH) is open (${ms} ms).` };
  });
  if (tcpSsh?.status === 'failed') block(sshSteps, `Skipped: port ${target.sshPort} cannot be reached.`);

  let pin: string | null = null;
  const tls = await step('tls', async () => {
    try {
      const cert = await probeCertificate({ ...restTarget, pinnedSha256: target.pinnedCertificate, signal: io.signal });
      outcome.seen.certificate = { sha256: cert.sha256, subject: cert.subject };
      pin = cert.trustedBy === 'pinned' ? cert.sha256 : null;
      return {
        status: 'ok',
        message:
          cert.trustedBy === 'pinned'
            ? `The certificate is the one you trusted (${cert.subject}, SHA-256 ${cert.sha256}).`
            : `The certificate (${cert.subject}) is signed by an authority this computer trusts.`,
      };
    } catch (err) {
      const trust = trustOf(err, 'certificate');
      if (trust.trust) outcome.seen.certificate = { sha256: trust.trust.sha256, subject: trust.trust.subject ?? '' };
      outcome.failure ??= err as WorkbenchError;
      return failed(err, trust);
    }
  });
  if (tls?.status === 'failed') block(restSteps, 'Skipped: the certificate is not trusted yet.');

  const client =
    target.password === null
      ? null
      : new RestClient({ ...restTarget, username: target.username, password: target.password, pinnedSha256: pin });
  let svms: string[] = [];
  try {
    const login = await step('login', async () => {
      if (!client)
        throw new WorkbenchError('ONTAP_AUTH_FAILED', 'No password is stored for this connection.', {
          hint: 'Edit the connection and enter the password.',
        });
      const records = await client.collect<{ name?: string }>('/api/svm/svms', { query: { fields: 'name' }, signal: io.signal });
      svms = records.map((r) => r.name ?? '').filter(Boolean);
      return {
        status: 'ok',
        message: `Logged in as ${target.username}; ${svms.length} SVM(s) visible: ${svms.join(', ') || 'none'}.`,
      };
    });
    if (login?.status === 'failed') block(['version', 'privileges'], 'Skipped: the login failed.');

    let clusterReadable = false;
    await step('version', async () => {
      try {
        const body = await (client as RestClient).get('/api/cluster', { query: { fields: 'name,version' }, signal: io.signal });
        clusterReadable = true;
        const version = describeVersion((body.version ?? {}) as Parameters<typeof describeVersion>[0]);
        const name = String(body.name ?? '');
        if (!version.nasBuckets)
          return {
            status: 'warning',
            message: `ONTAP ${version.short} on cluster ${name}: NAS buckets (S3 on a volume's files) need ONTAP 9.12.1 or later.`,
            hint: 'Upgrade ONTAP to 9.12.1 or later, or use the volume over NFS instead of S3.',
          };
        return { status: 'ok', message: `ONTAP ${version.short} on cluster ${name}.` };
      } catch (err) {
        if (err instanceof WorkbenchError && (err.code === 'ONTAP_PRIVILEGE' || err.code === 'ONTAP_AUTH_FAILED'))
          return {
            status: 'warning',
            code: 'ONTAP_PRIVILEGE',
            message: `${target.username} may not read the cluster, so its version is unknown (an SVM-scoped account).`,
            hint: 'The S3 setup works on the SVM this account manages; use the cluster administrator to see everything.',
          };
        throw err;
      }
    });

    await step('privileges', async () => accountScope(client as RestClient, { clusterReadable, svms }, io.signal));
  } finally {
    client?.close();
  }

  let session: SshSession | null = null;
  // The host key was accepted but the password refused: reported by the login step, not this one.
  let loginError: WorkbenchError | null = null;
  try {
    await step('ssh-host-key', async () => {
      try {
        session = await SshSession.open({
          ...sshTarget,
          username: target.username,
          password: target.password ?? '',
          pinnedSha256: target.pinnedHostKey,
          signal: io.signal,
        });
        outcome.seen.hostKey = { sha256: session.hostKeySha256 };
        return { status: 'ok', message: `The host key is the one you trusted (${session.hostKeySha256}).` };
      } catch (err) {
        if (!(err instanceof WorkbenchError)) throw err;
        if (err.code === 'SSH_HOST_KEY_UNKNOWN' || err.code === 'SSH_HOST_KEY_CHANGED') {
          const trust = trustOf(err, 'host-key');
          if (trust.trust) outcome.seen.hostKey = { sha256: trust.trust.sha256 };
          block(['ssh-login'], 'Skipped: trust the SSH host key first.');
          if (err.code === 'SSH_HOST_KEY_UNKNOWN')
            return { status: 'warning', message: err.message, code: err.code, hint: err.hint, ...trust };
          outcome.failure ??= err;
          return failed(err, trust);
        }
        // The key was accepted and the login itself failed: that is the next step's failure.
        if (err.code === 'ONTAP_AUTH_FAILED') {
          loginError = err;
          return { status: 'ok', message: 'The host key is the one you trusted.' };
        }
        block(['ssh-login'], 'Skipped: no SSH connection.');
        outcome.failure ??= err;
        return failed(err);
      }
    });
    await step('ssh-login', async () => {
      if (loginError) throw loginError;
      if (!session) throw new WorkbenchError('INTERNAL', 'No SSH session.');
      const output = await session.exec('version', { signal: io.signal, timeoutMs: 30_000 });
      const release = output
        .split(/\r?\n/)
        .find((l) => /NetApp Release/i.test(l))
        ?.trim();
      return { status: 'ok', message: `Logged in to the CLI as ${target.username}${release ? `: ${release}` : ''}.` };
    });
  } finally {
    (session as SshSession | null)?.close();
  }
  return outcome;
}
