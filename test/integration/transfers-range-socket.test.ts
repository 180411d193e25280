import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangedGet } from '../../electron/core/transfers/range-socket';
import { tempDir } from '../support/temp-dir';

// The large-object downloader's own ranged GET (a socket read into one reused buffer) against real
// HTTP and HTTPS servers: the bytes of the asked range exactly, with a slow consumer; S3 errors,
// a server that ignores Range, a connection cut mid-body and a cancel each end it with the reason.
const object = randomBytes(5 * 1024 * 1024 + 123);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function handler(req: IncomingMessage, res: ServerResponse): void {
  const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
  if (req.url === '/cut') {
    res.writeHead(206, { 'content-length': 1000, 'content-range': 'bytes 0-999/5000' });
    res.write(object.subarray(0, 400), () => res.destroy());
    return;
  }
  if (req.url === '/ignores-range') {
    res.writeHead(200, { 'content-length': 10 });
    res.end(object.subarray(0, 10));
    return;
  }
  if (req.headers['if-match'] !== '"v1"') {
    const body =
      '<?xml version="1.0"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
    res.writeHead(412, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  res.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${object.length}` });
  // Written in uneven pieces so reads see partial chunks.
  const bytes = object.subarray(start, end + 1);
  for (let at = 0; at < bytes.length; at += 77_777) res.write(bytes.subarray(at, at + 77_777));
  res.end();
}

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));

let http: Server;
let https: Server;
let httpUrl: URL;
let httpsUrl: URL;
let cert: string;
const tmp = tempDir('range-socket-');

beforeAll(async () => {
  const key = join(tmp.path, 'key.pem');
  const crt = join(tmp.path, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(crt, 'utf8');
  http = createHttp(handler);
  https = createHttps({ key: readFileSync(key), cert }, handler);
  httpUrl = new URL(`http://127.0.0.1:${await listen(http)}`);
  httpsUrl = new URL(`https://127.0.0.1:${await listen(https)}`);
});

afterAll(() => {
  http?.close();
  https?.close();
  tmp.remove();
});

describe('rangedGet', () => {
  for (const scheme of ['http', 'https'] as const) {
    it(`over ${scheme}: delivers exactly the asked range, waiting for a slow consumer`, async () => {
      const url = scheme === 'http' ? httpUrl : httpsUrl;
      const got: Buffer[] = [];
      let waits = 0;
      const answer = await rangedGet(
        url,
        '/bucket/key',
        { host: url.host, range: 'bytes=1000-4194303', 'if-match': '"v1"' },
        (chunk) => {
          got.push(Buffer.from(chunk));
          // Every third chunk is taken later, as when the file write is still running.
          if (got.length % 3 === 0) {
            waits++;
            return new Promise((resolve) => setImmediate(resolve));
          }
        },
        { ca: cert },
      );
      expect(answer.status).toBe(206);
      expect(answer.headers['content-range']).toBe(`bytes 1000-4194303/${object.length}`);
      expect(sha(Buffer.concat(got))).toBe(sha(object.subarray(1000, 4194304)));
      expect(waits).toBeGreaterThan(0);
    });
  }

  it('answers an S3 error with its code, and refuses a whole object sent for a range', async () => {
    const sink = () => undefined;
    await expect(
      rangedGet(httpUrl, '/b/k', { host: httpUrl.host, range: 'bytes=0-9', 'if-match': '"v0"' }, sink),
    ).rejects.toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    await expect(rangedGet(httpUrl, '/ignores-range', { host: httpUrl.host, range: 'bytes=0-9' }, sink)).rejects.toMatchObject({
      name: 'RangeIgnored',
    });
  });

  it('fails a body cut short, refuses a 206 the caller does not accept, ends on a consumer error, and stops at once when cancelled', async () => {
    await expect(rangedGet(httpUrl, '/cut', { host: httpUrl.host, range: 'bytes=0-999' }, () => undefined)).rejects.toThrow(
      /closed after 400 of 1000 bytes/,
    );
    await expect(
      rangedGet(httpUrl, '/b/k', { host: httpUrl.host, range: 'bytes=0-9', 'if-match': '"v1"' }, () => undefined, {
        onAnswer: () => {
          throw new Error('not the range asked for');
        },
      }),
    ).rejects.toThrow('not the range asked for');
    await expect(
      rangedGet(httpUrl, '/b/k', { host: httpUrl.host, range: 'bytes=0-99999', 'if-match': '"v1"' }, () => {
        throw new Error('the disk is full');
      }),
    ).rejects.toThrow('the disk is full');
    const controller = new AbortController();
    let taken = 0;
    const cancelled = rangedGet(
      httpUrl,
      '/b/k',
      { host: httpUrl.host, range: `bytes=0-${object.length - 1}`, 'if-match': '"v1"' },
      (chunk) => {
        taken += chunk.length;
        controller.abort();
      },
      { signal: controller.signal },
    );
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(taken).toBeLessThan(object.length);
  });
});
