import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoint, type ProbeLine } from '../../electron/core/s3setup/endpoint-test';
import { openTestLab } from '../support/lab';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let fixture: Awaited<ReturnType<typeof openTestLab>>;
let s3: S3Servers;
let endpoint: string;

beforeAll(async () => {
  fixture = await openTestLab({ writable: true });
  s3 = await startS3Servers(fixture.lab);
  await s3.ready();
  endpoint = s3.endpoints().svm1!.http!;
});
afterAll(async () => {
  await s3?.close();
  await fixture?.close();
});

describe('S3 endpoint test against real servers', () => {
  it('says an endpoint nobody answers on is unreachable, and why (same network/VPC), quickly', async () => {
    const lines: ProbeLine[] = [];
    const started = Date.now();
    const outcome = await testEndpoint(
      { endpoint: `http://127.0.0.1:${await closedPort()}`, bucket: 'bucket1', accessKeyId: 'AK', secretAccessKey: 'SK' },
      { report: (l) => lines.push(l) },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome).toMatchObject({ ok: false, reachable: false, writable: null });
    expect(lines).toEqual([
      expect.objectContaining({
        status: 'failed',
        troubleshoot: 'unreachable',
        hint: expect.stringMatching(/same network\/VPC/),
      }),
    ]);
  });

  it('says wrong keys are refused, pointing at the keys entry', async () => {
    const lines: ProbeLine[] = [];
    const outcome = await testEndpoint(
      { endpoint, bucket: 'bucket1', accessKeyId: fixture.user.access_key, secretAccessKey: 'not-the-secret' },
      { report: (l) => lines.push(l) },
    );
    expect(outcome.ok).toBe(false);
    expect(lines.at(-1)).toMatchObject({ status: 'failed', troubleshoot: 'keys-unknown' });
  });

  it('passes the full round trip with the right keys, multipart included', async () => {
    const outcome = await testEndpoint(
      { endpoint, bucket: 'bucket1', accessKeyId: fixture.user.access_key, secretAccessKey: fixture.user.secret_key },
      { report: () => undefined },
    );
    expect(outcome).toEqual({ ok: true, reachable: true, writable: true, multipartSupported: true, failure: null });
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      testEndpoint(
        { endpoint, bucket: 'bucket1', accessKeyId: fixture.user.access_key, secretAccessKey: fixture.user.secret_key },
        { report: () => undefined, signal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
