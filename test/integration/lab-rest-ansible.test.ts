import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../electron/lab/model/lab';
import { startRestServer, type RunningRestServer } from '../../electron/lab/rest/server';
import { tempDir } from '../support/temp-dir';

/** Why Ansible's netapp.ontap modules cannot run here, or null when they can. */
function ansibleMissing(): string | null {
  const which = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) return 'ansible-playbook is not installed (apt-get install -y ansible)';
  const collection = spawnSync('ansible-galaxy', ['collection', 'list', 'netapp.ontap'], { encoding: 'utf8' });
  if (!/netapp\.ontap/.test(collection.stdout ?? '')) return 'the netapp.ontap collection is not installed';
  return null;
}

const missing = ansibleMissing();

interface TaskResult {
  changed?: boolean;
  failed?: boolean;
  msg?: unknown;
  [key: string]: unknown;
}

/** Runs a playbook with the JSON callback and returns each task's result by name (async: the lab serves meanwhile). */
function runPlaybook(dir: string, playbook: string): Promise<Record<string, TaskResult>> {
  const file = join(dir, `play-${Date.now()}.yml`);
  writeFileSync(file, playbook);
  return new Promise((resolve, reject) => {
    const child = spawn('ansible-playbook', [file], {
      env: {
        ...process.env,
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_LOCALHOST_WARNING: 'False',
        ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
        ANSIBLE_HOME: join(dir, 'ansible-home'),
        ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        const report = JSON.parse(out.slice(out.indexOf('{'))) as {
          plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[];
        };
        const results: Record<string, TaskResult> = {};
        for (const t of report.plays[0]?.tasks ?? []) results[t.task.name] = t.hosts.localhost ?? {};
        resolve(results);
      } catch {
        reject(new Error(`ansible-playbook gave no JSON report:\n${out}\n${err}`));
      }
    });
  });
}

describe.skipIf(missing !== null)(
  `Ansible netapp.ontap modules against the lab's REST API${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let dir: ReturnType<typeof tempDir>;
    let lab: Lab;
    let server: RunningRestServer;
    let header: string;

    beforeAll(async () => {
      dir = tempDir('lab-ansible-');
      lab = await Lab.open({ dir: join(dir.path, 'lab'), sampleScale: 0.01 });
      server = await startRestServer(lab, { port: 0 });
      header = `- hosts: localhost
  gather_facts: false
  collections: [netapp.ontap]
  module_defaults:
    group/netapp.ontap.netapp_ontap:
      hostname: "127.0.0.1:${server.port}"
      username: "${lab.config.adminUser}"
      password: "${lab.config.adminPassword}"
      https: true
      validate_certs: false
      use_rest: always
  tasks:
`;
    });

    afterAll(async () => {
      await server?.close();
      await lab?.close();
      dir?.remove();
    });

    it('creates a volume, snapshots and clones it, changes permissions, restores, and sets up S3 — then finds nothing to change', async () => {
      const tasks: [name: string, module: string][] = [
        [
          'volume',
          'na_ontap_volume: {state: present, name: ans_vol, vserver: svm1, size: 50, size_unit: mb, junction_path: /ans_vol, comment: from ansible}',
        ],
        [
          'snapshot',
          'na_ontap_snapshot: {state: present, snapshot: snap_a, volume: ans_vol, vserver: svm1, comment: by ansible}',
        ],
        [
          'clone',
          'na_ontap_volume_clone: {state: present, name: ans_clone, vserver: svm1, parent_volume: ans_vol, parent_snapshot: snap_a, junction_path: /ans_clone}',
        ],
        ['permissions', 'na_ontap_volume: {state: present, name: ans_vol, vserver: svm1, unix_permissions: "777"}'],
        ['restore', 'na_ontap_volume: {state: present, name: ans_vol, vserver: svm1, snapshot_restore: snap_a}'],
        ['s3 server', 'na_ontap_s3_services: {state: present, name: ans_s3, vserver: svm1, enabled: true}'],
        ['s3 user', 'na_ontap_s3_users: {state: present, name: ans_user, vserver: svm1}'],
        [
          's3 group',
          'na_ontap_s3_groups: {state: present, name: ans_group, vserver: svm1, users: [{name: ans_user}], policies: [{name: FullAccess}]}',
        ],
        ['s3 bucket', 'na_ontap_s3_buckets: {state: present, name: ans-bucket, vserver: svm1, type: nas, nas_path: /ans_vol}'],
      ];
      const playbook = (list: typeof tasks) =>
        header + list.map(([name, module]) => `    - name: ${name}\n      ${module}\n`).join('');
      const first = await runPlaybook(dir.path, playbook(tasks));
      expect(Object.keys(first)).toEqual(tasks.map(([name]) => name));
      for (const [name, result] of Object.entries(first)) {
        expect(result.failed, `${name}: ${JSON.stringify(result.msg)}`).toBeFalsy();
        expect(result.changed, name).toBe(true);
      }
      const vol = lab.volumes.all().find((v) => v.name === 'ans_vol');
      expect(vol).toMatchObject({ nas: { path: '/ans_vol', unix_permissions: 0o777 }, comment: 'from ansible' });
      expect(vol?.space.size).toBe(50 * 1024 * 1024);
      expect(lab.volumes.snapshots(vol?.uuid ?? '').map((s) => s.name)).toEqual(['snap_a']);
      const clone = lab.volumes.all().find((v) => v.name === 'ans_clone');
      expect(clone?.clone).toMatchObject({
        is_flexclone: true,
        parent_volume: { name: 'ans_vol' },
        parent_snapshot: { name: 'snap_a' },
      });
      expect(first['s3 user']?.secret_key).toBe(lab.s3.user('svm1', 'ans_user').secret_key);
      expect(lab.s3.group('svm1', 1)).toMatchObject({ name: 'ans_group', users: [{ name: 'ans_user' }] });
      expect(lab.s3.bucket('svm1', 'ans-bucket')).toMatchObject({ type: 'nas', nas_path: '/ans_vol' });

      // Idempotence is how Ansible reads state back: a second run must see everything as it set it.
      // A restore is an action, not a state: it is the one task left out of the second run.
      const second = await runPlaybook(dir.path, playbook(tasks.filter(([name]) => name !== 'restore')));
      expect(Object.keys(second).length).toBe(Object.keys(first).length - 1);
      for (const [name, result] of Object.entries(second)) {
        expect(result.failed, `${name}: ${JSON.stringify(result.msg)}`).toBeFalsy();
        expect(result.changed, name).toBe(false);
      }
    }, 240_000);
  },
);
