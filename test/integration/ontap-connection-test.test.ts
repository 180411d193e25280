import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionTestStep } from '../../shared/connections';
import { createBackend, type Backend } from '../../electron/core/backend';
import { WorkbenchError } from '../../electron/core/errors';
import { hostKeyFingerprint } from '../../electron/core/ontap/ssh-session';
import { certificateIdentity } from '../../electron/core/ontap/tls-trust';
import { freePort } from '../../electron/lab/model/bootstrap';
import { startTestLab, type TestLab } from '../support/ontap-lab';
import { repoRoot, tempDir } from '../support/temp-dir';

// The connection test as the UI runs it: connections.test starts a job whose steps stream as
// connection.test events; the lab's real servers answer, and fail the ways real clusters fail.

let lab: TestLab;
let home: ReturnType<typeof tempDir>;
let backend: Backend;
let steps: ConnectionTestStep[];

beforeEach(async () => {
  lab = await startTestLab();
  home = tempDir('connection-test-');
  backend = createBackend({ dataDir: home.path, resourcesDir: `${repoRoot}/resources`, version: 't', mode: 'test', env: {} });
  steps = [];
  backend.bus.subscribe((name, payload) => {
    if (name === 'connection.test') steps.push(payload as ConnectionTestStep);
  });
});

afterEach(async () => {
  await backend?.dispose();
  await lab?.close();
  home?.remove();
});

/** Runs the test and answers each step's final state by name, and the job. */
async function runTest(id: string) {
  steps.length = 0;
  const jobId = backend.connections.test(id);
  const job = await backend.jobs.waitFor(jobId);
  const final = Object.fromEntries(steps.filter((s) => s.status !== 'running').map((s) => [s.step, s]));
  return { job, final, all: [...steps] };
}

const certSha = () => certificateIdentity(lab.connection.certificatePem).sha256;
const hostKeySha = () => hostKeyFingerprint(lab.connection.hostKey);

/** A connection to the lab as a user would add it: nothing trusted yet. */
function addLabByHand(overrides: { password?: string; restPort?: number } = {}) {
  const c = lab.connection;
  return backend.connections.add({
    name: 'Lab by hand',
    host: c.host,
    restPort: overrides.restPort ?? c.restPort,
    sshPort: c.sshPort,
    username: c.username,
    password: overrides.password ?? c.password,
    protocol: 'rest',
  });
}

describe('the connection test', () => {
  it('streams every step ok for the lab connection, each announced before it ends', async () => {
    const connection = await backend.connections.upsertLab(lab.connection);
    const { job, final, all } = await runTest(connection.id);
    expect(job.state).toBe('succeeded');
    const order = ['dns', 'tcp-rest', 'tcp-ssh', 'tls', 'login', 'version', 'privileges', 'ssh-host-key', 'ssh-login'];
    expect(all.map((s) => `${s.step}:${s.status}`)).toEqual(order.flatMap((s) => [`${s}:running`, `${s}:ok`]));
    expect(all.every((s) => s.jobId === job.jobId && s.connectionId === connection.id)).toBe(true);
    expect(final.version?.message).toMatch(/ONTAP 9\.14\.1 on cluster lab-cluster/);
    expect(final.privileges?.message).toMatch(/fsxadmin is a cluster administrator/);
    expect(final.tls?.message).toContain(certSha());
    expect(final['ssh-login']?.message).toMatch(/NetApp Release 9\.14\.1/);
  });

  it('a wrong password fails both logins with the fix, and skips what needs them', async () => {
    const connection = await addLabByHand({ password: 'not-the-password' });
    await backend.connections.trust(connection.id, 'certificate', certSha());
    await backend.connections.trust(connection.id, 'host-key', hostKeySha());
    const { job, final } = await runTest(connection.id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('ONTAP_AUTH_FAILED');
    expect(final.login).toMatchObject({
      status: 'failed',
      code: 'ONTAP_AUTH_FAILED',
      message: expect.stringMatching(/wrong user or password/),
    });
    expect(final.login?.hint).toMatch(/fsxadmin/);
    expect(final.version?.status).toBe('skipped');
    expect(final.privileges?.status).toBe('skipped');
    expect(final['ssh-host-key']?.status).toBe('ok');
    expect(final['ssh-login']).toMatchObject({ status: 'failed', message: expect.stringMatching(/wrong user or password/) });
    // The password typed is in no message.
    expect(JSON.stringify(steps)).not.toContain('not-the-password');
  });

  it('a closed port is HOST_UNREACHABLE with the network fix, and the REST steps after it are skipped', async () => {
    const closed = await freePort();
    const connection = await addLabByHand({ restPort: closed });
    const { job, final } = await runTest(connection.id);
    expect(job.error?.code).toBe('HOST_UNREACHABLE');
    expect(final['tcp-rest']).toMatchObject({ status: 'failed', code: 'HOST_UNREACHABLE' });
    expect(final['tcp-rest']?.message).toMatch(new RegExp(`refused the connection.*port ${closed}`));
    expect(final['tcp-rest']?.hint).toMatch(/same VPC\/subnet as the file system, and the security group must allow 443 and 22/);
    for (const step of ['tls', 'login', 'version', 'privileges'] as const) expect(final[step]?.status).toBe('skipped');
    expect(final['tcp-ssh']?.status).toBe('ok');
  });

  it('an untrusted certificate is shown with its fingerprint; once trusted the REST steps pass', async () => {
    const connection = await addLabByHand();
    let run = await runTest(connection.id);
    expect(run.job.error?.code).toBe('TLS_UNTRUSTED');
    expect(run.job.error?.details).toMatchObject({
      sha256: certSha(),
      subject: 'CN=lab-cluster',
      reason: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(run.final.tls).toMatchObject({
      status: 'failed',
      code: 'TLS_UNTRUSTED',
      message: expect.stringMatching(/not trusted: it is self-signed/),
      trust: { kind: 'certificate', sha256: certSha(), subject: 'CN=lab-cluster' },
    });
    expect(run.final.login?.status).toBe('skipped');
    // SSH on first use: the key is shown to confirm, and nothing is sent before that.
    expect(run.final['ssh-host-key']).toMatchObject({
      status: 'warning',
      code: 'SSH_HOST_KEY_UNKNOWN',
      trust: { kind: 'host-key', sha256: hostKeySha() },
    });
    expect(run.final['ssh-login']?.status).toBe('skipped');

    const trusted = await backend.connections.trust(connection.id, 'certificate', certSha().toLowerCase());
    expect(trusted.pinnedCertificate).toEqual({ sha256: certSha(), subject: 'CN=lab-cluster' });
    run = await runTest(connection.id);
    expect(['tls', 'login', 'version', 'privileges'].map((s) => run.final[s]?.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(run.job.state).toBe('succeeded');

    expect((await backend.connections.trust(connection.id, 'host-key', hostKeySha())).sshHostKey).toEqual({
      sha256: hostKeySha(),
    });
    run = await runTest(connection.id);
    expect(Object.values(run.final).every((s) => s.status === 'ok')).toBe(true);
  });

  it('refuses to pin a fingerprint the server does not present', async () => {
    const connection = await addLabByHand();
    const other = 'AA:'.repeat(31) + 'AA';
    const err = await backend.connections.trust(connection.id, 'certificate', other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbenchError);
    expect((err as WorkbenchError).message).toMatch(/presents a different certificate/);
    expect(backend.connections.get(connection.id).pinnedCertificate).toBeNull();
    const key = await backend.connections.trust(connection.id, 'host-key', 'SHA256:' + 'A'.repeat(43)).catch((e: unknown) => e);
    expect((key as WorkbenchError).message).toMatch(/presents a different host key/);
  });

  it('a different certificate and host key than the pinned ones are refused (the cluster rebuilt on the same ports)', async () => {
    const connection = await backend.connections.upsertLab(lab.connection);
    const ports = { rest: lab.connection.restPort, ssh: lab.connection.sshPort };
    await lab.close();
    lab = await startTestLab({ ports, password: lab.connection.password });
    expect(certSha()).not.toBe(connection.pinnedCertificate?.sha256);

    const { job, final } = await runTest(connection.id);
    expect(job.error?.code).toBe('TLS_CERTIFICATE_CHANGED');
    expect(final.tls).toMatchObject({
      status: 'failed',
      code: 'TLS_CERTIFICATE_CHANGED',
      message: expect.stringMatching(/^Warning: the certificate/),
    });
    expect(final.tls?.trust?.sha256).toBe(certSha());
    expect(final['ssh-host-key']).toMatchObject({
      status: 'failed',
      code: 'SSH_HOST_KEY_CHANGED',
      trust: { sha256: hostKeySha() },
    });
    expect(final['ssh-login']?.status).toBe('skipped');

    // The APIs refuse too, before sending the password.
    const rest = await backend.connections.openApi(connection.id, { protocol: 'rest' });
    const restErr = await rest.svms().catch((e: unknown) => e);
    await rest.close();
    expect((restErr as WorkbenchError).code).toBe('TLS_CERTIFICATE_CHANGED');
    expect((restErr as WorkbenchError).details).toMatchObject({
      sha256: certSha(),
      pinned: connection.pinnedCertificate?.sha256,
    });
    const sshErr = await backend.connections.openApi(connection.id, { protocol: 'ssh' }).catch((e: unknown) => e);
    expect((sshErr as WorkbenchError).code).toBe('SSH_HOST_KEY_CHANGED');
  });

  it('stops when cancelled, even while a server accepts the connection and never answers', async () => {
    // A server that takes the TCP connection and then says nothing, as a half-open firewall does.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const connection = await backend.connections.add({
        name: 'Silent',
        host: '127.0.0.1',
        restPort: port,
        sshPort: port,
        username: 'fsxadmin',
        password: 'x',
        protocol: 'rest',
      });
      steps.length = 0;
      const jobId = backend.connections.test(connection.id);
      const tlsStarted = new Promise<void>((resolve) =>
        backend.bus.subscribe((name, payload) => {
          if (name === 'connection.test' && (payload as ConnectionTestStep).step === 'tls') resolve();
        }),
      );
      await tlsStarted;
      expect(backend.jobs.cancel(jobId)).toEqual({ cancelled: true, state: 'running' });
      const job = await backend.jobs.waitFor(jobId);
      expect(job.state).toBe('cancelled');
      expect(steps.map((s) => s.step)).not.toContain('login');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
