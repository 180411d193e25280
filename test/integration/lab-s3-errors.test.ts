import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from '../support/lab';
import { errorCode, rawS3, s3Signer } from '../support/s3-raw';
import { tempDir } from '../support/temp-dir';

let t: Awaited<ReturnType<typeof openTestLab>>;
let servers: S3Servers;
let s3: ReturnType<typeof rawS3>;
let volumeRoot: string;
const work = tempDir('workbench-s3-errors-');

/** Every file under the lab directory, relative, to prove a refused request wrote nothing anywhere. */
function labFiles(): string[] {
  return (readdirSync(t.dir, { recursive: true }) as string[]).filter((f) => !f.startsWith('lab.db')).sort();
}

const setPermissions = (mode: number) => t.lab.volumes.patch(t.vol1.uuid, { nas: { unix_permissions: mode } });

beforeAll(async () => {
  t = await openTestLab({ writable: false });
  servers = await startS3Servers(t.lab);
  s3 = rawS3(servers.endpoints().svm1?.http ?? '', { accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key });
  volumeRoot = t.lab.volumes.root(t.vol1.uuid);
});

afterAll(async () => {
  await servers?.close();
  await t?.close();
  work.remove();
});

describe('S3 errors for bad input, with nothing written', () => {
  it('answers AccessDenied to PutObject while the volume is 755, and succeeds once it is 777', async () => {
    const put = () => s3.send({ method: 'PUT', path: '/bucket1/perm.txt', body: Buffer.from('x') });
    const denied = await put();
    expect([denied.status, errorCode(denied)]).toEqual([403, 'AccessDenied']);
    expect(existsSync(join(volumeRoot, 'perm.txt'))).toBe(false);
    // Reading is allowed at 755 (other has r-x).
    expect((await s3.send({ method: 'GET', path: '/bucket1/dataset/tyre/README.txt' })).status).toBe(200);
    setPermissions(0o777);
    expect((await put()).status).toBe(200);
    expect(existsSync(join(volumeRoot, 'perm.txt'))).toBe(true);
  });

  it('answers SignatureDoesNotMatch to a wrong secret and InvalidAccessKeyId to an unknown key', async () => {
    const before = labFiles();
    const wrongSecret = await s3.send({
      method: 'PUT',
      path: '/bucket1/forged.txt',
      body: Buffer.from('x'),
      keys: { accessKeyId: t.user.access_key, secretAccessKey: 'not-the-secret' },
    });
    expect([wrongSecret.status, errorCode(wrongSecret)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(wrongSecret.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(wrongSecret.body.toString()).toContain(`<RequestId>${wrongSecret.headers['x-amz-request-id']}</RequestId>`);
    const unknown = await s3.send({
      method: 'PUT',
      path: '/bucket1/forged.txt',
      body: Buffer.from('x'),
      keys: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' },
    });
    expect([unknown.status, errorCode(unknown)]).toEqual([403, 'InvalidAccessKeyId']);
    const skewed = await s3.send({ method: 'GET', path: '/bucket1', signingDate: new Date(Date.now() - 20 * 60_000) });
    expect([skewed.status, errorCode(skewed)]).toEqual([403, 'RequestTimeTooSkewed']);
    expect(labFiles()).toEqual(before);
  });

  it('refuses keys with ".." segments or that reach the snapshot directory', async () => {
    setPermissions(0o777);
    const before = labFiles();
    for (const path of [
      '/bucket1/../escaped.txt',
      '/bucket1/a/../../escaped.txt',
      '/bucket1/a/%2E%2E/%2e%2e/escaped.txt',
      '/bucket1/./x',
    ]) {
      const res = await s3.send({ method: 'PUT', path, body: Buffer.from('escape attempt') });
      expect([path, res.status, errorCode(res)]).toEqual([path, 400, 'InvalidArgument']);
    }
    const snapshot = await s3.send({ method: 'PUT', path: '/bucket1/.snapshot/x', body: Buffer.from('x') });
    expect([snapshot.status, errorCode(snapshot)]).toEqual([403, 'AccessDenied']);
    const upload = await s3.send({ method: 'POST', path: '/bucket1/a/../../escaped.txt', query: { uploads: '' } });
    expect(errorCode(upload)).toBe('InvalidArgument');
    const copy = await s3.send({
      method: 'PUT',
      path: '/bucket1/copied.txt',
      headers: { 'x-amz-copy-source': '/bucket1/../../lab.json' },
    });
    expect(copy.status).toBeGreaterThanOrEqual(400);
    const read = await s3.send({ method: 'GET', path: '/bucket1/../../lab.json' });
    expect(read.status).toBeGreaterThanOrEqual(400);
    expect(read.body.toString()).not.toContain('adminPassword');
    expect(labFiles()).toEqual(before);
  });

  it('answers EntityTooLarge to a PUT over the server’s cap, before reading the body', async () => {
    setPermissions(0o777);
    t.lab.s3.patchService('svm1', { lab: { max_put_bytes: 1024 } });
    try {
      const before = labFiles();
      const over = await s3.send({ method: 'PUT', path: '/bucket1/too-big.bin', body: randomBytes(2000) });
      expect([over.status, errorCode(over)]).toEqual([400, 'EntityTooLarge']);
      const chunked = await s3.send({
        method: 'PUT',
        path: '/bucket1/too-big.bin',
        body: randomBytes(2000),
        payload: 'streaming-signed',
      });
      expect(errorCode(chunked)).toBe('EntityTooLarge');
      expect(labFiles()).toEqual(before);

      // With Expect: 100-continue the client is never invited to send the 10 MB.
      const url = new URL(`${servers.endpoints().svm1?.http}/bucket1/too-big.bin`);
      const headers = (
        await s3Signer({ accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key }).sign({
          method: 'PUT',
          protocol: 'http:',
          hostname: url.hostname,
          path: url.pathname,
          query: {},
          headers: {
            host: url.host,
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
            'content-length': String(10 * 1024 * 1024),
            expect: '100-continue',
          },
        })
      ).headers as Record<string, string>;
      const outcome = await new Promise<{ status: number; invited: boolean; body: string }>((resolve, reject) => {
        let invited = false;
        const req = request(url, { method: 'PUT', headers }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, invited, body }));
        });
        req.on('continue', () => {
          invited = true;
          req.end(Buffer.alloc(10 * 1024 * 1024));
        });
        req.on('error', reject);
        req.flushHeaders();
      });
      expect(outcome).toMatchObject({ status: 400, invited: false });
      expect(outcome.body).toContain('<Code>EntityTooLarge</Code>');

      const exact = await s3.send({ method: 'PUT', path: '/bucket1/just-fits.bin', body: randomBytes(1024) });
      expect(exact.status).toBe(200);
    } finally {
      t.lab.s3.patchService('svm1', { lab: { max_put_bytes: 5 * 1024 ** 3 } });
    }
  });

  it('answers NotImplemented to multipart uploads when the server has them off, also to the AWS CLI', async () => {
    setPermissions(0o777);
    t.lab.s3.patchService('svm1', { lab: { multipart_supported: false } });
    try {
      const create = await s3.send({ method: 'POST', path: '/bucket1/big.bin', query: { uploads: '' } });
      expect([create.status, errorCode(create)]).toEqual([501, 'NotImplemented']);
      writeFileSync(join(work.path, 'big.bin'), randomBytes(9 * 1024 * 1024));
      const cli = await promisify(execFile)(
        '/usr/bin/aws',
        [
          '--endpoint-url',
          servers.endpoints().svm1?.http ?? '',
          's3',
          'cp',
          join(work.path, 'big.bin'),
          's3://bucket1/cli-big.bin',
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: work.path,
            AWS_ACCESS_KEY_ID: t.user.access_key,
            AWS_SECRET_ACCESS_KEY: t.user.secret_key,
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_MAX_ATTEMPTS: '1',
          },
          timeout: 60_000,
        },
      ).then(
        () => 'succeeded',
        (err: { stderr?: string }) => err.stderr ?? '',
      );
      expect(cli).toMatch(/NotImplemented/);
      expect(existsSync(join(volumeRoot, 'cli-big.bin'))).toBe(false);
      expect(await t.lab.uploads.listUploads(t.bucket)).toEqual([]);
    } finally {
      t.lab.s3.patchService('svm1', { lab: { multipart_supported: true } });
    }
  });

  it('refuses bodies that do not match their hash, MD5 or chunk signatures', async () => {
    setPermissions(0o777);
    const before = labFiles();
    const flip = (wire: Buffer) => {
      const copy = Buffer.from(wire);
      copy.writeUInt8(copy.readUInt8(copy.length - 20) ^ 1, copy.length - 20);
      return copy;
    };
    const body = randomBytes(8 * 1024 * 1024);
    const sha = await s3.send({ method: 'PUT', path: '/bucket1/corrupt.bin', body, payload: 'signed', tamper: flip });
    expect(errorCode(sha)).toBe('XAmzContentSHA256Mismatch');
    const md5 = await s3.send({
      method: 'PUT',
      path: '/bucket1/corrupt.bin',
      body,
      headers: { 'content-md5': Buffer.alloc(16).toString('base64') },
    });
    expect(errorCode(md5)).toBe('BadDigest');
    const chunk = await s3.send({
      method: 'PUT',
      path: '/bucket1/corrupt.bin',
      body,
      payload: 'streaming-signed',
      chunkSize: 16 * 1024,
      tamper: (wire) => {
        const copy = Buffer.from(wire);
        copy.writeUInt8(copy.readUInt8(200) ^ 1, 200); // a data byte of the first chunk
        return copy;
      },
    });
    expect([chunk.status, errorCode(chunk)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(existsSync(join(volumeRoot, 'corrupt.bin'))).toBe(false);
    expect(labFiles()).toEqual(before);
  });

  it('answers NoSuchBucket, NoSuchKey and NotImplemented as S3 does', async () => {
    const bucket = await s3.send({ method: 'GET', path: '/nosuchbucket/k' });
    expect([bucket.status, errorCode(bucket)]).toEqual([404, 'NoSuchBucket']);
    const key = await s3.send({ method: 'GET', path: '/bucket1/no/such/key' });
    expect([key.status, errorCode(key)]).toEqual([404, 'NoSuchKey']);
    expect(key.body.toString()).toContain('<Resource>/bucket1/no/such/key</Resource>');
    const head = await s3.send({ method: 'HEAD', path: '/bucket1/no/such/key' });
    expect([head.status, head.body.length]).toEqual([404, 0]);
    const acl = await s3.send({ method: 'GET', path: '/bucket1', query: { acl: '' } });
    expect([acl.status, errorCode(acl)]).toEqual([501, 'NotImplemented']);
  });
});
