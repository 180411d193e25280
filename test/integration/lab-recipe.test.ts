import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../electron/lab/start-lab';
import { sshExec, type SshTarget } from '../support/openssh-client';
import { tempDir } from '../support/temp-dir';

// The whole manual recipe as a user follows it: the seven commands through a real OpenSSH client,
// the keys and address read from what the CLI printed, then the AWS CLI and boto3 on that bucket.
const run = promisify(execFile);
const home = tempDir('workbench-lab-recipe-');
let lab: RunningLab;
let target: SshTarget;
let keys: { access: string; secret: string };
let endpoint: string;

/** A client's environment: the recipe's keys and nothing from the machine's own AWS setup. */
function clientEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: keys.access,
    AWS_SECRET_ACCESS_KEY: keys.secret,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const aws = (...args: string[]) =>
  run('/usr/bin/aws', ['--endpoint-url', endpoint, ...args], { env: clientEnv(), timeout: 60_000 }).then((r) => r.stdout);

beforeAll(async () => {
  lab = await startLab({ dir: join(home.path, 'lab'), sampleScale: 0.01, password: 'recipe-pass-1' });
  target = { port: lab.endpoints().ssh.port, user: 'fsxadmin', password: 'recipe-pass-1' };
});

afterAll(async () => {
  await lab?.close();
  home.remove();
});

describe('the manual S3 recipe against the lab, by hand', () => {
  it('seven commands over OpenSSH give a bucket that the AWS CLI and boto3 read and write, backed by the volume', async () => {
    const recipe = [
      'vserver object-store-server create -vserver svm1 -object-store-server fsx_s3 -is-http-enabled true -is-https-enabled false',
      'vserver object-store-server user create -vserver svm1 -user s3user',
      'vserver object-store-server group create -name s3group -users s3user -policies FullAccess',
      'vserver object-store-server bucket create fsxn-ontap -vserver svm1 -type nas -nas-path /vol1',
      'network interface show -vserver svm1 -lif nfs_smb_management_1',
      'set adv',
      'vserver object-store-server user show',
    ];
    const out: string[] = [];
    for (const command of recipe) {
      const r = await sshExec(target, command);
      expect(r.status, `${command}\n${r.stdout}${r.stderr}`).toBe(0);
      out.push(r.stdout);
    }
    // What a user copies by hand: the keys from `user create`, the address from the interface.
    const access = /Access Key: (\S+)\r?$/m.exec(out[1] as string)?.[1];
    const secret = /Secret Key: (\S+)\r?$/m.exec(out[1] as string)?.[1];
    expect(access).toMatch(/^[A-Z0-9]{20}$/);
    expect(secret).toBeTruthy();
    expect(out[6]).toContain(`Access Key: ${access}`);
    const address = /Network Address: (\S+)\r?$/m.exec(out[4] as string)?.[1];
    expect(address).toBe('127.0.0.1');
    keys = { access: access as string, secret: secret as string };
    endpoint = `http://${address}:${new URL(lab.endpoints().s3.svm1 as string).port}`;

    // Reading works at once; writing hits the well-known AccessDenied until the volume allows it.
    expect(await aws('s3', 'ls', 's3://fsxn-ontap/dataset/tyre/')).toMatch(/defective_0001\.jpg/);
    const file = join(home.path, 'hello.txt');
    writeFileSync(file, 'written by the AWS CLI\n');
    await expect(aws('s3', 'cp', file, 's3://fsxn-ontap/uploads/hello.txt')).rejects.toThrow(/AccessDenied/);
    expect((await sshExec(target, 'volume modify -vserver svm1 -volume vol1 -unix-permissions 0777')).status).toBe(0);
    await aws('s3', 'cp', file, 's3://fsxn-ontap/uploads/hello.txt', '--only-show-errors');

    const vol1 = lab.lab.volumes.find('svm1', 'vol1');
    const root = lab.lab.volumes.root(vol1.uuid);
    expect(readFileSync(join(root, 'uploads/hello.txt'), 'utf8')).toBe('written by the AWS CLI\n');

    // boto3 (Debian's python3-boto3), path-style SigV4, as the reference notebooks use it.
    const script = [
      'import sys, boto3',
      'from botocore.config import Config',
      "s3 = boto3.client('s3', endpoint_url=sys.argv[1], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))",
      "s3.put_object(Bucket='fsxn-ontap', Key='uploads/from-boto3.txt', Body=b'written by boto3')",
      "print(s3.get_object(Bucket='fsxn-ontap', Key='uploads/hello.txt')['Body'].read().decode(), end='')",
      "print(len(s3.list_objects_v2(Bucket='fsxn-ontap', Prefix='dataset/tyre/')['Contents']))",
    ].join('\n');
    const { stdout } = await run('/usr/bin/python3', ['-c', script, endpoint], { env: clientEnv(), timeout: 60_000 });
    const [echoed, count] = stdout.split('\n').filter(Boolean);
    expect(echoed).toBe('written by the AWS CLI');
    expect(Number(count)).toBeGreaterThan(10);
    expect(readFileSync(join(root, 'uploads/from-boto3.txt'), 'utf8')).toBe('written by boto3');
  }, 120_000);
});
