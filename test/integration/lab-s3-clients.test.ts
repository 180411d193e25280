import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from '../support/lab';
import { tempDir } from '../support/temp-dir';

const run = promisify(execFile);
const DEBIAN_AWS = '/usr/bin/aws';
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** The `aws` on PATH when it is another install than Debian's (e.g. a pyenv v1 that sends checksum trailers). */
function otherAws(): string | null {
  try {
    const onPath = execFileSync('bash', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim();
    const version = (bin: string) => execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    return onPath && version(onPath) !== version(DEBIAN_AWS) ? onPath : null;
  } catch {
    return null;
  }
}

let t: Awaited<ReturnType<typeof openTestLab>>;
let servers: S3Servers;
let endpoint: string;
let volumeRoot: string;
const work = tempDir('workbench-s3-clients-');

/** Environment for a client: the lab user's keys and nothing from the machine's AWS setup. */
function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: t.user.access_key,
    AWS_SECRET_ACCESS_KEY: t.user.secret_key,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

async function aws(bin: string, args: string[], options: { endpoint?: string; env?: Record<string, string> } = {}) {
  const { stdout } = await run(bin, ['--endpoint-url', options.endpoint ?? endpoint, ...args], {
    env: clientEnv(options.env),
    timeout: 60_000,
  });
  return stdout;
}

beforeAll(async () => {
  t = await openTestLab();
  servers = await startS3Servers(t.lab);
  endpoint = servers.endpoints().svm1?.http ?? '';
  volumeRoot = t.lab.volumes.root(t.vol1.uuid);
});

afterAll(async () => {
  await servers?.close();
  await t?.close();
  work.remove();
});

describe(`Debian's AWS CLI (${DEBIAN_AWS})`, () => {
  it('copies a small file up and down; the file is in the volume and the ETag is its MD5', async () => {
    const data = Buffer.from('a small object\n');
    writeFileSync(join(work.path, 'small.txt'), data);
    await aws(DEBIAN_AWS, ['s3', 'cp', join(work.path, 'small.txt'), 's3://bucket1/cli/small.txt', '--only-show-errors']);
    expect(readFileSync(join(volumeRoot, 'cli/small.txt')).equals(data)).toBe(true);
    const head = JSON.parse(await aws(DEBIAN_AWS, ['s3api', 'head-object', '--bucket', 'bucket1', '--key', 'cli/small.txt'])) as {
      ETag: string;
      ContentLength: number;
    };
    expect(head).toMatchObject({ ETag: `"${md5(data)}"`, ContentLength: data.length });
    await aws(DEBIAN_AWS, ['s3', 'cp', 's3://bucket1/cli/small.txt', join(work.path, 'small-back.txt'), '--only-show-errors']);
    expect(readFileSync(join(work.path, 'small-back.txt')).equals(data)).toBe(true);
  });

  it('uploads a 20 MB file as a multipart upload and downloads it intact', async () => {
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(work.path, 'big.bin'), data);
    await aws(DEBIAN_AWS, ['s3', 'cp', join(work.path, 'big.bin'), 's3://bucket1/cli/big.bin', '--only-show-errors']);
    expect(md5(readFileSync(join(volumeRoot, 'cli/big.bin')))).toBe(md5(data));
    const head = JSON.parse(await aws(DEBIAN_AWS, ['s3api', 'head-object', '--bucket', 'bucket1', '--key', 'cli/big.bin'])) as {
      ETag: string;
    };
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/); // three 8 MiB parts: S3's multipart ETag
    // --part-number: the part's length, the part count, the whole object's ETag (this CLI's HeadObject
    // output has no ContentRange; lab-s3-protocol checks that header).
    const part2 = JSON.parse(
      await aws(DEBIAN_AWS, ['s3api', 'head-object', '--bucket', 'bucket1', '--key', 'cli/big.bin', '--part-number', '2']),
    ) as { ETag: string; ContentLength: number; PartsCount: number };
    expect(part2).toMatchObject({
      ETag: head.ETag,
      ContentLength: 8 * 1024 * 1024,
      PartsCount: 3,
    });
    await expect(
      aws(DEBIAN_AWS, ['s3api', 'head-object', '--bucket', 'bucket1', '--key', 'cli/big.bin', '--part-number', '4']),
    ).rejects.toThrow(/416/);
    await aws(DEBIAN_AWS, ['s3', 'cp', 's3://bucket1/cli/big.bin', join(work.path, 'big-back.bin'), '--only-show-errors']);
    expect(md5(readFileSync(join(work.path, 'big-back.bin')))).toBe(md5(data));
    expect(await t.lab.uploads.listUploads(t.bucket)).toEqual([]);
  });

  it('lists buckets and keys', async () => {
    expect(await aws(DEBIAN_AWS, ['s3', 'ls'])).toMatch(/ bucket1\n/);
    const listing = await aws(DEBIAN_AWS, ['s3', 'ls', 's3://bucket1/cli/']);
    expect(listing).toMatch(/ 20971520 big\.bin\n/);
    expect(listing).toMatch(/ 15 small\.txt\n/);
    expect(await aws(DEBIAN_AWS, ['s3', 'ls', 's3://bucket1/'])).toMatch(/PRE dataset\/\n/);
  });

  it('pages through more than 1,000 keys, including files written to the volume directly', async () => {
    mkdirSync(join(volumeRoot, 'many'), { recursive: true });
    for (let i = 0; i < 1200; i++) writeFileSync(join(volumeRoot, 'many', `f${String(i).padStart(4, '0')}.txt`), String(i));
    const lines = (await aws(DEBIAN_AWS, ['s3', 'ls', '--recursive', 's3://bucket1/many/'])).trim().split('\n');
    expect(lines).toHaveLength(1200);
    expect(lines[1199]).toMatch(/ 4 many\/f1199\.txt$/);
  });

  it('syncs a directory up and back down', async () => {
    const src = join(work.path, 'sync-src');
    mkdirSync(join(src, 'nested/deeper'), { recursive: true });
    const files: Record<string, string> = {
      'one.txt': '1',
      'nested/two words.txt': 'two',
      'nested/deeper/three+plus.csv': 'a,b\n1,2\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
    await aws(DEBIAN_AWS, ['s3', 'sync', src, 's3://bucket1/synced/', '--only-show-errors']);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(volumeRoot, 'synced', name), 'utf8')).toBe(text);
    const dst = join(work.path, 'sync-dst');
    await aws(DEBIAN_AWS, ['s3', 'sync', 's3://bucket1/synced/', dst, '--only-show-errors']);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dst, name), 'utf8')).toBe(text);
    // A second sync finds nothing to do.
    expect(await aws(DEBIAN_AWS, ['s3', 'sync', src, 's3://bucket1/synced/'])).toBe('');
  });
});

const newerAws = otherAws();

describe.skipIf(!newerAws)('the AWS CLI on PATH (newer botocore: CRC32 checksums, aws-chunked trailers over HTTPS)', () => {
  it('copies and lists over HTTP and HTTPS, single and multipart', async () => {
    t.lab.s3.patchService('svm1', { is_https_enabled: true });
    await servers.ready();
    const https = servers.endpoints().svm1?.https ?? '';
    expect(https).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caBundle = join(t.dir, 'tls', 'cert.pem');
    const small = Buffer.from('checksummed\n');
    const big = randomBytes(12 * 1024 * 1024);
    writeFileSync(join(work.path, 'v1-small.txt'), small);
    writeFileSync(join(work.path, 'v1-big.bin'), big);
    for (const [scheme, url] of [
      ['http', endpoint],
      ['https', https],
    ] as const) {
      const opts = { endpoint: url, env: { AWS_CA_BUNDLE: caBundle } };
      await aws(
        newerAws!,
        ['s3', 'cp', join(work.path, 'v1-small.txt'), `s3://bucket1/v1/${scheme}/small.txt`, '--only-show-errors'],
        opts,
      );
      await aws(
        newerAws!,
        ['s3', 'cp', join(work.path, 'v1-big.bin'), `s3://bucket1/v1/${scheme}/big.bin`, '--only-show-errors'],
        opts,
      );
      expect(readFileSync(join(volumeRoot, `v1/${scheme}/small.txt`)).equals(small)).toBe(true);
      expect(md5(readFileSync(join(volumeRoot, `v1/${scheme}/big.bin`)))).toBe(md5(big));
      expect(await aws(newerAws!, ['s3', 'ls', `s3://bucket1/v1/${scheme}/`], opts)).toMatch(
        / 12582912 big\.bin\n.* 12 small\.txt\n/s,
      );
      await aws(
        newerAws!,
        ['s3', 'cp', `s3://bucket1/v1/${scheme}/big.bin`, join(work.path, `v1-${scheme}.bin`), '--only-show-errors'],
        opts,
      );
      expect(md5(readFileSync(join(work.path, `v1-${scheme}.bin`)))).toBe(md5(big));
    }
  });
});

describe("boto3 (Debian's python3)", () => {
  it('puts, gets, lists and deletes path-style with SigV4, and a presigned GET URL works with urllib', async () => {
    const script = `
import json, os, sys, urllib.request
import boto3
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=sys.argv[1],
                  config=Config(s3={'addressing_style': 'path'}, signature_version='s3v4'))
out = {}
s3.put_object(Bucket='bucket1', Key='boto/hello world.txt', Body=b'hello from boto3', ContentType='text/plain',
              Metadata={'origin': 'boto3'})
got = s3.get_object(Bucket='bucket1', Key='boto/hello world.txt')
out['body'] = got['Body'].read().decode()
out['etag'] = got['ETag']
out['meta'] = got['Metadata']
out['type'] = got['ContentType']
out['range'] = s3.get_object(Bucket='bucket1', Key='boto/hello world.txt', Range='bytes=6-9')['Body'].read().decode()
out['keys'] = [o['Key'] for o in s3.list_objects_v2(Bucket='bucket1', Prefix='boto/')['Contents']]
url = s3.generate_presigned_url('get_object', Params={'Bucket': 'bucket1', 'Key': 'boto/hello world.txt'}, ExpiresIn=60)
out['presigned'] = urllib.request.urlopen(url).read().decode()
s3.delete_object(Bucket='bucket1', Key='boto/hello world.txt')
try:
    s3.get_object(Bucket='bucket1', Key='boto/hello world.txt')
    out['after_delete'] = 'still there'
except s3.exceptions.NoSuchKey:
    out['after_delete'] = 'NoSuchKey'
print(json.dumps(out))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, endpoint], { env: clientEnv(), timeout: 60_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toEqual({
      body: 'hello from boto3',
      etag: `"${md5(Buffer.from('hello from boto3'))}"`,
      meta: { origin: 'boto3' },
      type: 'text/plain',
      range: 'from',
      keys: ['boto/hello world.txt'],
      presigned: 'hello from boto3',
      after_delete: 'NoSuchKey',
    });
    expect(existsSync(join(volumeRoot, 'boto/hello world.txt'))).toBe(false);
  });
});

describe.skipIf(!existsSync('/usr/bin/rclone'))('rclone', () => {
  it('copies a file up and lists it', async () => {
    writeFileSync(join(work.path, 'rclone.txt'), 'via rclone');
    const env = clientEnv({
      RCLONE_CONFIG: '/dev/null',
      RCLONE_CONFIG_LAB_TYPE: 's3',
      RCLONE_CONFIG_LAB_PROVIDER: 'Other',
      RCLONE_CONFIG_LAB_ACCESS_KEY_ID: t.user.access_key,
      RCLONE_CONFIG_LAB_SECRET_ACCESS_KEY: t.user.secret_key,
      RCLONE_CONFIG_LAB_ENDPOINT: endpoint,
      RCLONE_CONFIG_LAB_FORCE_PATH_STYLE: 'true',
    });
    await run('/usr/bin/rclone', ['copy', join(work.path, 'rclone.txt'), 'lab:bucket1/rclone/'], { env, timeout: 60_000 });
    expect(readFileSync(join(volumeRoot, 'rclone/rclone.txt'), 'utf8')).toBe('via rclone');
    const { stdout } = await run('/usr/bin/rclone', ['ls', 'lab:bucket1/rclone/'], { env, timeout: 60_000 });
    expect(stdout.trim()).toBe('10 rclone.txt');
  });
});
