import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Profile } from '../../../shared/s3setup';
import { cancelledError, WorkbenchError } from '../errors';
import { S3ProfileStore } from '../s3profiles/profile-store';
import { classifyS3Error } from '../s3setup/endpoint-test';
import type { SecretStore } from '../services';

/** What a transfer connects with: the endpoint and keys (never logged). */
export interface S3Target {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
}

/**
 * An S3 client for bulk transfers against ONTAP: path-style, checksums only where S3 requires them
 * (ONTAP predates the SDK's CRCs), keep-alive sockets for the whole pool, short connect timeout.
 */
export function transferClient(t: S3Target, concurrency: number): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: Math.max(concurrency, 1) * 2 };
  return new S3Client({
    endpoint: t.endpoint,
    region: t.region || 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A saved profile with its secret, or the error that says which is missing. */
export async function resolveProfile(
  dataDir: string,
  secrets: SecretStore,
  profileId: string,
): Promise<{ profile: S3Profile; target: S3Target; store: S3ProfileStore }> {
  const store = new S3ProfileStore(dataDir, secrets);
  const profile = await store.get(profileId);
  if (!profile)
    throw new WorkbenchError('NOT_FOUND', `There is no S3 profile ${profileId}.`, {
      hint: 'It may have been deleted; refresh the list.',
    });
  const secretAccessKey = await store.secret(profileId);
  if (secretAccessKey === null) {
    throw new WorkbenchError('S3_BAD_CREDENTIALS', `The secret key of profile ${profile.name} is not in the secrets store.`, {
      hint: 'Run the S3 setup wizard again for its bucket and allow it to regenerate the user’s keys.',
    });
  }
  return {
    profile,
    store,
    target: { endpoint: profile.endpoint, region: profile.region, accessKeyId: profile.accessKeyId, secretAccessKey },
  };
}

/**
 * Turns an S3 or socket failure into the error the user can act on. `action` names the S3 call
 * (e.g. "PutObject"): a refused write points at the wizard's permission fix.
 */
export function explainS3Error(
  err: unknown,
  where: { endpoint: string; bucket: string; key?: string; action: string },
  signal?: AbortSignal,
): Error {
  if (err instanceof WorkbenchError) return err;
  const { kind, detail } = classifyS3Error(err);
  if (signal?.aborted || kind === 'aborted') return cancelledError('The transfer');
  const object = where.key ? `${where.bucket}/${where.key}` : where.bucket;
  switch (kind) {
    case 'unreachable':
      return new WorkbenchError('S3_UNREACHABLE', `Cannot reach the S3 endpoint ${where.endpoint} (${detail}).`, {
        hint: 'Check that this machine is on the same network/VPC as the SVM’s data interface and that the object-store server is running.',
        cause: err,
      });
    case 'bad-credentials':
      return new WorkbenchError(
        'S3_BAD_CREDENTIALS',
        `The S3 server at ${where.endpoint} refused the profile’s keys (${detail}).`,
        {
          hint: 'The keys may have been regenerated; run the S3 setup wizard again to store the current ones.',
          cause: err,
        },
      );
    case 'no-such-bucket':
      return new WorkbenchError('NOT_FOUND', `Bucket ${where.bucket} does not exist at ${where.endpoint}.`, {
        hint: 'Check the bucket name, and that the endpoint is the data interface of the SVM that holds it.',
        cause: err,
      });
    case 'access-denied':
      return new WorkbenchError('S3_ACCESS_DENIED', `The S3 user may not ${where.action} ${object} (AccessDenied).`, {
        hint:
          where.action === 'PutObject' || where.action === 'CreateMultipartUpload'
            ? 'A NAS bucket’s files belong to the volume’s UNIX permissions: open the S3 setup wizard and apply its permission fix (it makes the volume writable for the S3 user).'
            : 'Check the bucket policy and the user’s group policy (FullAccess or ReadOnlyAccess).',
        cause: err,
      });
    default:
      return new WorkbenchError('INTERNAL', `${where.action} on ${object} failed: ${detail}`, { cause: err });
  }
}
