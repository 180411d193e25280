import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../electron/lab/model/lab';
import { startCliServer, type CliServer } from '../../electron/lab/ssh-cli/server';
import { SshSession, sshExec, type SshTarget } from '../support/openssh-client';
import { tempDir } from '../support/temp-dir';

// The lab's CLI driven by the real OpenSSH client (Debian packages openssh-client and sshpass).
const PASSWORD = 'lab-cli-test-password';
let dir: ReturnType<typeof tempDir>;
let lab: Lab;
let server: CliServer;
let target: SshTarget;
const sessions: SshSession[] = [];

const run = (command: string) => sshExec(target, command);
const prompt = () => `${lab.config.name}::> `;
const advancedPrompt = () => `${lab.config.name}::*> `;

function session(): SshSession {
  const s = new SshSession(target);
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  dir = tempDir('lab-cli-');
  lab = await Lab.open({ dir: dir.path, sampleScale: 0.01, password: PASSWORD });
  server = await startCliServer(lab, { port: 0 });
  target = { port: server.port, user: 'fsxadmin', password: PASSWORD };
});

afterAll(async () => {
  for (const s of sessions) s.kill();
  await server?.close();
  await lab?.close();
  dir?.remove();
});

describe('the lab CLI over SSH', () => {
  it('runs the manual S3 recipe: object-store server, user, group and NAS bucket, then shows the address and key', async () => {
    let r = await run(
      'vserver object-store-server create -vserver svm1 -object-store-server fsx_s3 -is-http-enabled true -is-https-enabled false',
    );
    expect(r.status).toBe(0);
    expect(lab.s3.service('svm1')).toMatchObject({ name: 'fsx_s3', is_http_enabled: true, is_https_enabled: false });

    r = await run('vserver object-store-server user create -vserver svm1 -user s3user');
    expect(r.status).toBe(0);
    const user = lab.s3.user('svm1', 's3user');
    expect(r.stdout).toContain(`Access Key: ${user.access_key}\r\n`);
    expect(r.stdout).toContain(`Secret Key: ${user.secret_key}\r\n`);

    // No -vserver, as in the reference guide: the only SVM with an object-store server is assumed.
    r = await run('vserver object-store-server group create -name s3group -users s3user -policies FullAccess');
    expect(r.status).toBe(0);
    expect(lab.s3.groups('svm1')).toEqual([
      expect.objectContaining({ name: 's3group', users: [{ name: 's3user' }], policies: [{ name: 'FullAccess' }] }),
    ]);

    r = await run('vserver object-store-server bucket create fsxn-ontap -vserver svm1 -type nas -nas-path /vol1');
    expect(r.status).toBe(0);
    expect(lab.s3.bucket('svm1', 'fsxn-ontap')).toMatchObject({ type: 'nas', nas_path: '/vol1', volume: { name: 'vol1' } });

    // The whole key given, ONTAP answers with the LIF's full view.
    r = await run('network interface show -vserver svm1 -lif nfs_smb_management_1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ *Logical Interface Name: nfs_smb_management_1\r$/m);
    expect(r.stdout).toMatch(/^ *Network Address: 127\.0\.0\.1\r$/m);
    // Without it, the table: the SVM on a line of its own, the long LIF name pushing the row down.
    r = await run('net int show -vserver svm1');
    expect(r.stdout).toMatch(/^svm1\r\n {12}nfs_smb_management_1\r\n +up\/up +127\.0\.0\.1\/8 /m);

    r = await run('set adv');
    expect(r.status).toBe(0);
    r = await run('vserver object-store-server user show');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^svm1 +s3user +1 +- +-\r$/m);
    expect(r.stdout).toContain(`Access Key: ${user.access_key}\r\n`);
    expect(r.stdout).toContain('2 entries were displayed.');
    // Privilege lasts for a session: a separate `ssh` is back at admin, which does not show secrets.
    expect(r.stdout).not.toContain(user.secret_key);

    r = await run('set adv; vserver object-store-server user show -user s3user');
    expect(r.stdout).toContain(`Secret Key: ${user.secret_key}\r\n`);

    r = await run('vserver object-store-server bucket show');
    expect(r.stdout).toMatch(/^svm1 +fsxn-ontap +nas +vol1 .* \/vol1\r$/m);
  });

  it('gives an interactive shell: set adv asks first, then the *> prompt; wrong commands get ONTAP errors; exit ends it', async () => {
    const s = session();
    await s.waitFor(prompt());
    s.send('set adv');
    const warning = await s.waitFor('Do you want to continue? {y|n}: ');
    expect(warning).toContain('Warning: These advanced commands are potentially dangerous');
    s.send('y');
    await s.waitFor(advancedPrompt());

    s.send('frobnicate');
    expect(await s.waitFor(advancedPrompt())).toContain('Error: "frobnicate" is not a recognized command');

    s.send('volume snapshot create -vserver svm1 -volume vol1');
    expect(await s.waitFor(advancedPrompt())).toContain('Error: Missing required parameter(s): -snapshot');

    s.send('vol snap delete -vserver svm1 -volume vol1 -snapshot no_such_snapshot');
    const answer = await s.waitFor(advancedPrompt());
    expect(answer).toContain('  (volume snapshot delete)');
    expect(answer).toContain('Error: There are no entries matching your query.');
    expect(answer).not.toContain('{y|n}');

    s.send('set -privilege admin');
    await s.waitFor(prompt());
    s.send('exit');
    expect(await s.closed).toBe(0);
  });

  it('exec runs ;-separated commands, keeps going after an error and exits 1', async () => {
    const r = await run('foo; version');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Error: "foo" is not a recognized command');
    expect(r.stdout).toContain(lab.config.version.full);
    expect((await run('vol show -fields junction-path')).stdout).toMatch(
      /^vserver volume junction-path\r\n.*\r\nsvm1 +vol1 +\/vol1\r$/m,
    );
    // Scripts set a separator to parse -fields output without guessing columns.
    expect((await run('set -showseparator ":"; volume show -volume vol1 -fields junction-path')).stdout).toMatch(
      /^vserver:volume:junction-path\r\n[^\r]*\r\nsvm1:vol1:\/vol1\r$/m,
    );
  });

  it('takes, lists, restores (asking first) and deletes snapshots', async () => {
    const vol1 = lab.volumes.find('svm1', 'vol1');
    let r = await run('volume snapshot create -vserver svm1 -volume vol1 -snapshot before_change');
    expect(r.status).toBe(0);
    r = await run('vol snap show -vserver svm1 -volume vol1');
    expect(r.stdout).toMatch(/^svm1 +vol1 +before_change +\d+(\.\d+)?[KMG]?B +\d+% +\d+%\r$/m);

    const added = join(lab.volumes.root(vol1.uuid), 'written-after-the-snapshot.txt');
    writeFileSync(added, 'new data');
    expect((await run('volume snapshot create -vserver svm1 -volume vol1 -snapshot scratch')).status).toBe(0);
    const s = session();
    await s.waitFor(prompt());
    s.send('volume snapshot delete -vserver svm1 -volume vol1 -snapshot scratch');
    expect(await s.waitFor('{y|n}: ')).toContain('Are you sure you want to delete Snapshot copy "scratch" for volume "vol1"');
    s.send('y');
    await s.waitFor(prompt());
    expect(lab.volumes.snapshots(vol1.uuid).map((x) => x.name)).toEqual(['before_change']);

    s.send('volume snapshot restore -vserver svm1 -volume vol1 -snapshot before_change');
    await s.waitFor('Do you want to continue? {y|n}: ');
    s.send('n');
    await s.waitFor(prompt());
    expect(existsSync(added)).toBe(true);
    s.send('volume snapshot restore -vserver svm1 -volume vol1 -snapshot before_change');
    await s.waitFor('Do you want to continue? {y|n}: ');
    s.send('y');
    await s.waitFor(prompt());
    expect(existsSync(added)).toBe(false);
    s.send('exit');
    await s.closed;

    // Over exec nothing is asked, as ONTAP does not prompt for a command passed on the ssh line.
    writeFileSync(added, 'again');
    expect((await run('volume snapshot restore -vserver svm1 -volume vol1 -snapshot before_change')).status).toBe(0);
    expect(existsSync(added)).toBe(false);

    r = await run('volume snapshot delete -vserver svm1 -volume vol1 -snapshot before_change');
    expect(r.status).toBe(0);
    r = await run('volume snapshot show -vserver svm1 -volume vol1 -snapshot before_change');
    expect(r.stdout).toContain('There are no entries matching your query.');
    expect(lab.volumes.snapshots(vol1.uuid).map((x) => x.name)).not.toContain('before_change');
  });

  it('creates a volume and a FlexClone of its snapshot, printing the job line, and lists the clone', async () => {
    let r = await run('volume create -vserver svm1 -volume clone_parent -size 100MB -junction-path /clone_parent');
    expect(r.stdout).toMatch(/^\[Job \d+\] Job succeeded: Successful\r$/m);
    const parent = lab.volumes.find('svm1', 'clone_parent');
    writeFileSync(join(lab.volumes.root(parent.uuid), 'model.bin'), 'weights');
    expect((await run('volume snapshot create -vserver svm1 -volume clone_parent -snapshot for_clone')).status).toBe(0);

    r = await run(
      'volume clone create -vserver svm1 -flexclone experiment_clone -parent-volume clone_parent -parent-snapshot for_clone -junction-path /experiment_clone',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[Job \d+\] Job succeeded: Successful\r$/m);
    const clone = lab.volumes.find('svm1', 'experiment_clone');
    expect(clone.clone).toMatchObject({
      is_flexclone: true,
      parent_volume: { name: 'clone_parent' },
      parent_snapshot: { name: 'for_clone' },
    });
    expect(readdirSync(lab.volumes.root(clone.uuid))).toContain('model.bin');

    r = await run('volume clone show');
    // The clone's name is longer than its column, so the rest of the row moves to the next line.
    expect(r.stdout).toMatch(/^svm1 +experiment_clone\r\n +svm1 +clone_parent +for_clone +online +RW\r$/m);
    r = await run('volume clone show -fields parent-volume,parent-snapshot');
    expect(r.stdout).toMatch(/^svm1 +experiment_clone +clone_parent +for_clone\r$/m);
  });

  it('volume modify changes a volume’s UNIX permissions (the S3 AccessDenied fix) and says so', async () => {
    const r = await run('volume modify -vserver svm1 -volume vol1 -unix-permissions 0777');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Volume modify successful on volume vol1 of Vserver svm1.\r\n');
    expect(lab.volumes.find('svm1', 'vol1').nas.unix_permissions).toBe(0o777);
    expect((await run('volume show -volume vol1 -fields unix-permissions')).stdout).toMatch(/^svm1 +vol1 +---rwxrwxrwx\r$/m);
    const missing = await run('volume modify -vserver svm1 -volume no_such_volume -unix-permissions 0777');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain("Error: command failed: entry doesn't exist");
    const bad = await run('volume modify -vserver svm1 -volume vol1 -unix-permissions 999');
    expect(bad.status).toBe(1);
    expect(lab.volumes.find('svm1', 'vol1').nas.unix_permissions).toBe(0o777);
  });

  it('refuses a wrong password and accepts the right one over keyboard-interactive too', async () => {
    const wrong = await sshExec({ ...target, password: 'not-the-password' }, 'version');
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).not.toContain('NetApp Release');
    const interactive = await sshExec(target, 'version', { methods: 'keyboard-interactive' });
    expect(interactive.status).toBe(0);
    expect(interactive.stdout).toContain(lab.config.version.full);
  });
});
