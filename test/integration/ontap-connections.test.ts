import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/core/backend';
import { LAB_CONNECTION_ID, passwordKey } from '../../electron/core/connections/connection-service';
import { dispatch } from '../../electron/core/contract/dispatch';
import { startTestLab, type TestLab } from '../support/ontap-lab';
import { repoRoot, tempDir } from '../support/temp-dir';

// Saved connections through the contract (dispatch validates inputs and outputs), kept across a
// restart of the backend, with every password encrypted at rest.

const PASSWORD = 'Pr0d-fsxadmin-Secret!';
let lab: TestLab;
let home: ReturnType<typeof tempDir>;
let backend: Backend;

const start = () =>
  createBackend({ dataDir: home.path, resourcesDir: `${repoRoot}/resources`, version: 't', mode: 'test', env: {} });

async function call(method: Parameters<typeof dispatch>[1], input: unknown) {
  const reply = await dispatch(backend.handlers, method, input);
  if (!reply.ok) throw new Error(`${String(method)} failed: ${JSON.stringify(reply.error)}`);
  return reply.result as Record<string, unknown>;
}

/** Every file under `dir`, read as text. */
function allFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

beforeEach(async () => {
  lab = await startTestLab();
  home = tempDir('connections-');
  backend = start();
});

afterEach(async () => {
  await backend?.dispose();
  await lab?.close();
  home?.remove();
});

describe('saved connections', () => {
  it('persist across a backend restart, with the passwords encrypted and never answered', async () => {
    await backend.connections.upsertLab(lab.connection);
    const added = await call('connections.add', {
      name: 'FSx production',
      host: 'fsx.example.internal',
      username: 'fsxadmin',
      password: PASSWORD,
    });
    expect(added).toMatchObject({ restPort: 443, sshPort: 22, protocol: 'rest', hasPassword: true, isLab: false });
    expect(JSON.stringify(added)).not.toContain(PASSWORD);
    await backend.dispose();

    backend = start();
    const { connections } = (await call('connections.list', {})) as { connections: { id: string; name: string }[] };
    expect(connections.map((c) => c.name)).toEqual(['Local lab', 'FSx production']);
    expect(JSON.stringify(connections)).not.toContain(PASSWORD);
    expect(await backend.secrets.get(passwordKey(added.id as string))).toBe(PASSWORD);
    // The lab's password, read back from the store, still logs in.
    const api = await backend.connections.openApi(LAB_CONNECTION_ID, { protocol: 'ssh' });
    expect((await api.cluster()).name).toBe('lab-cluster');
    await api.close();

    // Other domains keep their own files here too (tracking.db, schedules…): none holds a password, the
    // connection and secret files are owner-only, and so is the data directory itself.
    const files = allFiles(home.path);
    const names = files.map((f) => f.path.slice(home.path.length + 1));
    expect(names).toEqual(expect.arrayContaining(['connections.json', 'secrets.json', 'secrets.key']));
    expect(statSync(home.path).mode & 0o777).toBe(0o700);
    for (const f of files) {
      expect(f.text).not.toContain(PASSWORD);
      expect(f.text).not.toContain(lab.connection.password);
      if (/^(connections|secrets)\./.test(f.path.slice(home.path.length + 1))) expect(statSync(f.path).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the stored password when an edit leaves it out, and forgets pins that belonged to another host', async () => {
    const lab1 = await backend.connections.upsertLab(lab.connection);
    expect(lab1.pinnedCertificate).not.toBeNull();
    const { host, restPort, sshPort, username, password } = lab.connection;
    const added = await call('connections.add', { name: 'Copy', host, restPort, sshPort, username, password, protocol: 'ssh' });
    const id = added.id as string;
    await backend.connections.trust(id, 'certificate', lab1.pinnedCertificate?.sha256 ?? '');
    const renamed = await call('connections.update', { id, name: 'Renamed' });
    // What the edit left out stays as it was: no port or protocol falls back to its default.
    expect(renamed).toMatchObject({ name: 'Renamed', restPort, sshPort, protocol: 'ssh', hasPassword: true });
    expect(renamed.pinnedCertificate).toEqual(lab1.pinnedCertificate);
    expect(await backend.secrets.get(passwordKey(id))).toBe(lab.connection.password);
    const moved = await call('connections.update', { id, host: 'localhost' });
    expect(moved).toMatchObject({ pinnedCertificate: null, sshHostKey: null });
    expect(await call('connections.delete', { id })).toEqual({ deleted: true });
    expect(await backend.secrets.get(passwordKey(id))).toBeNull();
    expect(await call('connections.delete', { id })).toEqual({ deleted: false });
  });

  it('keeps the lab’s connection to the app: one entry, refreshed, neither edited nor deleted by hand', async () => {
    await backend.connections.upsertLab(lab.connection);
    await backend.connections.upsertLab(lab.connection);
    expect(backend.connections.list().filter((c) => c.isLab)).toHaveLength(1);
    const edit = await dispatch(backend.handlers, 'connections.update', { id: LAB_CONNECTION_ID, password: 'x' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', hint: expect.stringMatching(/name and protocol/) } });
    const remove = await dispatch(backend.handlers, 'connections.delete', { id: LAB_CONNECTION_ID });
    expect(remove).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', hint: expect.stringMatching(/WORKBENCH_LAB=off/) },
    });
    expect(await dispatch(backend.handlers, 'connections.test', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('discovers the lab over REST and over SSH: SVMs, volumes, interfaces, S3 server, buckets and users without secrets', async () => {
    await backend.connections.upsertLab(lab.connection);
    const setup = await backend.connections.openApi(LAB_CONNECTION_ID);
    await setup.createS3Service('svm1', { name: 'fsx_s3', http: true, https: false });
    const keys = await setup.createS3User('svm1', 's3user');
    await setup.createNasBucket('svm1', { name: 'fsxn-ontap', nasPath: '/vol1' });
    await setup.close();

    const rest = await call('connections.discover', { id: LAB_CONNECTION_ID });
    expect(rest).toMatchObject({
      cluster: { name: 'lab-cluster', version: expect.stringMatching(/9\.14\.1/) },
      svms: [{ name: 'svm1', state: 'running' }],
      volumes: [{ name: 'vol1', svm: 'svm1', junctionPath: '/vol1', isClone: false, size: 10 * 1024 ** 3 }],
      interfaces: [{ name: 'nfs_smb_management_1', address: '127.0.0.1', services: expect.arrayContaining(['data_s3_server']) }],
      s3: {
        services: [{ svm: 'svm1', name: 'fsx_s3', http: true, port: lab.running.lab.config.ports.s3.svm1?.http }],
        buckets: [{ svm: 'svm1', name: 'fsxn-ontap', type: 'nas', nasPath: '/vol1' }],
        users: expect.arrayContaining([{ svm: 'svm1', name: 's3user', accessKey: keys.accessKey }]),
      },
      limits: [],
    });
    expect(JSON.stringify(rest)).not.toContain(keys.secretKey);

    await call('connections.update', { id: LAB_CONNECTION_ID, protocol: 'ssh' });
    const ssh = await call('connections.discover', { id: LAB_CONNECTION_ID });
    expect(ssh.s3).toEqual(rest.s3);
    expect(ssh.interfaces).toEqual(rest.interfaces);
    expect(JSON.stringify(ssh)).not.toContain(keys.secretKey);
  });
});
