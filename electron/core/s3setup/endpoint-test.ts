import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3SetupLog } from '../../../shared/s3setup';
import type { OntapS3Service } from '../ontap/ontap-api';
import { cancelledError, isAbortError } from '../errors';
import { TROUBLESHOOT } from './troubleshoot';

/** Where the probe object goes: one folder the workbench owns, so it never touches the user's files. */
export const PROBE_PREFIX = '.workbench-probe/';

/** What the endpoint test connects with. */
export interface EndpointCredentials {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** One line the test reports as it goes (never carries a key). */
export interface ProbeLine {
  status: S3SetupLog['status'];
  message: string;
  hint?: string;
  troubleshoot?: S3SetupLog['troubleshoot'];
}

/** What the endpoint test found. */
export interface ProbeOutcome {
  /** The round trip that can be done was done (reading works; writing may be refused). */
  ok: boolean;
  reachable: boolean;
  writable: boolean | null;
  multipartSupported: boolean | null;
  /** The line that ended the test early, when it did. */
  failure: ProbeLine | null;
}

/** How an S3 failure reads to the wizard. */
export type S3FailureKind =
  'unreachable' | 'tls' | 'access-denied' | 'not-implemented' | 'bad-credentials' | 'no-such-bucket' | 'aborted' | 'other';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Sorts an AWS SDK (or socket) error into what the wizard explains. */
export function classifyS3Error(err: unknown): { kind: S3FailureKind; detail: string } {
  const e = (err ?? {}) as { name?: string; code?: string; message?: string; Code?: string };
  const name = e.Code ?? e.name ?? '';
  const detail = [e.code ?? name, e.message].filter(Boolean).join(': ');
  if (name === 'AbortError' || e.code === 'ABORT_ERR') return { kind: 'aborted', detail };
  if ((e.code && NETWORK_CODES.has(e.code)) || name === 'TimeoutError') return { kind: 'unreachable', detail };
  if (e.code && /CERT|SELF_SIGNED|TLS|SSL/.test(e.code)) return { kind: 'tls', detail };
  if (name === 'AccessDenied') return { kind: 'access-denied', detail };
  if (name === 'NotImplemented') return { kind: 'not-implemented', detail };
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') return { kind: 'bad-credentials', detail };
  if (name === 'NoSuchBucket') return { kind: 'no-such-bucket', detail };
  return { kind: 'other', detail };
}

/**
 * The URL S3 clients use: the data interface's address and the server's port, `http://addr` on
 * 80 and `https://addr` on 443, else with the port (the lab reports the port it really listens on).
 * HTTP is preferred when the server and the request both allow it, since HTTPS on an SVM usually
 * means a certificate the client does not trust yet.
 */
export function endpointUrl(address: string, service: OntapS3Service, wants: { http: boolean; https: boolean }): string | null {
  const scheme = service.http && (wants.http || !service.https) ? 'http' : service.https ? 'https' : null;
  if (!scheme) return null;
  const port = scheme === 'http' ? service.port : service.securePort;
  const host = address.includes(':') ? `[${address}]` : address;
  const standard = scheme === 'http' ? 80 : 443;
  return port === standard || !port ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}

/** An S3 client for ONTAP: path-style, SigV4 in any region, short timeouts, one retry at most. */
export function ontapS3Client(c: EndpointCredentials): S3Client {
  return new S3Client({
    endpoint: c.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
    // ONTAP predates the SDK's default CRC checksums; send and check them only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function failureLine(kind: S3FailureKind, detail: string, c: EndpointCredentials, what: string): ProbeLine {
  switch (kind) {
    case 'unreachable':
      return {
        status: 'failed',
        message: `Cannot reach ${c.endpoint} (${detail}).`,
        hint: TROUBLESHOOT.unreachable.fix,
        troubleshoot: 'unreachable',
      };
    case 'tls':
      return {
        status: 'failed',
        message: `The HTTPS certificate of ${c.endpoint} is not trusted (${detail}).`,
        hint: 'Enable HTTP on the object-store server for clients inside the network, or install a certificate the clients trust.',
      };
    case 'bad-credentials':
      return {
        status: 'failed',
        message: `The S3 server refused the keys (${detail}).`,
        hint: TROUBLESHOOT['keys-unknown'].fix,
        troubleshoot: 'keys-unknown',
      };
    case 'no-such-bucket':
      return {
        status: 'failed',
        message: `Bucket ${c.bucket} does not exist at ${c.endpoint}.`,
        hint: 'Check that the endpoint is the data interface of the SVM that holds the bucket.',
      };
    case 'access-denied':
      return {
        status: 'failed',
        message: `The S3 user may not ${what} in bucket ${c.bucket} (AccessDenied).`,
        hint: TROUBLESHOOT['access-denied'].fix,
        troubleshoot: 'access-denied',
      };
    default:
      return { status: 'failed', message: `${what} failed: ${detail}` };
  }
}

/**
 * Tests an endpoint with a real S3 round trip: put, get (content compared), list and delete a small
 * probe object under `.workbench-probe/`; then whether multipart uploads work (create + abort).
 * `AccessDenied` on PutObject means "not writable" (reading is still checked); `NotImplemented` on
 * CreateMultipartUpload means "no multipart". `justCreated`: the server was made moments ago, so a
 * refused connection is retried briefly while it starts listening.
 */
export async function testEndpoint(
  c: EndpointCredentials,
  options: { signal?: AbortSignal; report: (line: ProbeLine) => void; justCreated?: boolean; readOnly?: boolean },
): Promise<ProbeOutcome> {
  const { signal, report } = options;
  const client = ontapS3Client(c);
  const key = `${PROBE_PREFIX}${randomUUID()}.txt`;
  const body = `ONTAP MLOps Workbench endpoint test ${new Date().toISOString()}\n`;
  const outcome: ProbeOutcome = { ok: false, reachable: false, writable: null, multipartSupported: null, failure: null };
  const send = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (signal?.aborted || classifyS3Error(err).kind === 'aborted') throw cancelledError('The endpoint test');
      throw err;
    }
  };
  const stop = (err: unknown, what: string): ProbeOutcome => {
    if (isAbortError(err)) throw err;
    const { kind, detail } = classifyS3Error(err);
    outcome.failure = failureLine(kind, detail, c, what);
    report(outcome.failure);
    return outcome;
  };
  try {
    // 1. Write (not for a read-only user: its refusal would say nothing about the volume).
    if (options.readOnly) {
      outcome.writable = false;
    } else {
      try {
        const put = () => client.send(new PutObjectCommand({ Bucket: c.bucket, Key: key, Body: body }), { abortSignal: signal });
        await send(() => withStartupRetry(put, options));
        outcome.reachable = true;
        outcome.writable = true;
        report({ status: 'ok', message: `Wrote a probe object (${key}).` });
      } catch (err) {
        const { kind, detail } = classifyS3Error(err);
        if (kind !== 'access-denied') return stop(err, 'write a probe object');
        outcome.reachable = true;
        outcome.writable = false;
        report({
          status: 'warning',
          message: `The S3 user cannot write to bucket ${c.bucket}: PutObject was refused (${detail}).`,
          hint: TROUBLESHOOT['access-denied'].fix,
          troubleshoot: 'access-denied',
        });
      }
    }
    // 2. Read back.
    if (outcome.writable) {
      try {
        const got = await send(() => client.send(new GetObjectCommand({ Bucket: c.bucket, Key: key }), { abortSignal: signal }));
        const text = (await got.Body?.transformToString()) ?? '';
        if (text !== body) {
          outcome.failure = {
            status: 'failed',
            message: 'Read the probe object back, but its content differs from what was written.',
          };
          report(outcome.failure);
          return outcome;
        }
        report({ status: 'ok', message: 'Read it back: the content matches.' });
      } catch (err) {
        return stop(err, 'read the probe object');
      }
    }
    // 3. List (reading works even where writing is refused).
    try {
      const list = () =>
        client.send(new ListObjectsV2Command({ Bucket: c.bucket, Prefix: PROBE_PREFIX, MaxKeys: 1000 }), { abortSignal: signal });
      const listed = await send(() => (outcome.reachable ? list() : withStartupRetry(list, options)));
      outcome.reachable = true;
      if (outcome.writable && !(listed.Contents ?? []).some((o) => o.Key === key)) {
        outcome.failure = { status: 'failed', message: 'Listed the bucket, but the probe object just written is missing.' };
        report(outcome.failure);
        return outcome;
      }
      report({ status: 'ok', message: `Listed bucket ${c.bucket}.` });
    } catch (err) {
      return stop(err, 'list the bucket');
    }
    // 4. Clean up.
    if (outcome.writable) {
      try {
        await send(() => client.send(new DeleteObjectCommand({ Bucket: c.bucket, Key: key }), { abortSignal: signal }));
        report({ status: 'ok', message: 'Deleted the probe object.' });
      } catch (err) {
        return stop(err, 'delete the probe object');
      }
    }
    // 5. Multipart: start one and abort it at once, so nothing is left behind.
    if (!options.readOnly) await probeMultipart(client, c, `${key}.multipart`, outcome, report, send, signal);
    outcome.ok = true;
    return outcome;
  } finally {
    client.destroy();
  }
}

async function probeMultipart(
  client: S3Client,
  c: EndpointCredentials,
  key: string,
  outcome: ProbeOutcome,
  report: (line: ProbeLine) => void,
  send: <T>(fn: () => Promise<T>) => Promise<T>,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const created = await send(() =>
      client.send(new CreateMultipartUploadCommand({ Bucket: c.bucket, Key: key }), { abortSignal: signal }),
    );
    outcome.multipartSupported = true;
    await send(() =>
      client.send(new AbortMultipartUploadCommand({ Bucket: c.bucket, Key: key, UploadId: created.UploadId }), {
        abortSignal: signal,
      }),
    ).catch((err: unknown) => {
      if (signal?.aborted) throw err;
      report({
        status: 'warning',
        message: `Could not abort the test multipart upload (${classifyS3Error(err).detail}); it expires on its own.`,
      });
    });
    report({ status: 'ok', message: 'Multipart uploads work (started one and aborted it).' });
  } catch (err) {
    if (isAbortError(err)) throw err;
    const { kind, detail } = classifyS3Error(err);
    if (kind === 'not-implemented') {
      outcome.multipartSupported = false;
      report({
        status: 'warning',
        message: 'This S3 server does not support multipart uploads (NotImplemented on CreateMultipartUpload).',
        hint: TROUBLESHOOT.multipart.fix,
        troubleshoot: 'multipart',
      });
    } else if (kind === 'access-denied') {
      report({
        status: 'warning',
        message: 'Multipart uploads could not be tested: the S3 user may not write yet. They are tested again after the fix.',
      });
    } else {
      report({ status: 'warning', message: `Multipart uploads could not be tested (${detail}).` });
    }
  }
}

/** A server created moments ago may not listen yet: retry a refused connection a few times, briefly. */
async function withStartupRetry<T>(fn: () => Promise<T>, options: { signal?: AbortSignal; justCreated?: boolean }): Promise<T> {
  const waits = options.justCreated ? [250, 500, 1_000, 2_000] : [];
  for (const wait of waits) {
    try {
      return await fn();
    } catch (err) {
      if (classifyS3Error(err).kind !== 'unreachable' || options.signal?.aborted) throw err;
      await delay(wait, undefined, { signal: options.signal });
    }
  }
  return fn();
}
