import { describe, expect, it } from 'vitest';
import type { Discovery } from '../../../shared/connections';
import type { S3Profile } from '../../../shared/s3setup';
import { awsCliSnippet, boto3Snippet, cliProfileName, SECRET_MASK } from '../../../renderer/src/features/s3setup/snippets';
import {
  bucketNameProblem,
  defaultsFor,
  setupInputOf,
  suggestBucketName,
} from '../../../renderer/src/features/s3setup/setup-input';
import { formatBytes, toBytes } from '../../../renderer/src/shell/bytes';
import { DEFAULT_DRAFT } from '../../../renderer/src/stores/s3-wizard-store';

const profile: S3Profile = {
  id: 'p1',
  name: 'lab tyre-data',
  endpoint: 'http://10.0.0.9',
  region: 'us-east-1',
  bucket: 'tyre-data',
  pathStyle: true,
  accessKeyId: 'AKID123',
  hasSecret: true,
  connectionId: 'lab',
  multipartSupported: true,
  createdAt: '2026-01-01T00:00:00Z',
};

const cluster = (over: Partial<Discovery> = {}): Discovery => ({
  cluster: { name: 'c', version: '9.14.1' },
  svms: [
    { name: 'svm0', uuid: 'u0', state: 'stopped' },
    { name: 'svm1', uuid: 'u1', state: 'running' },
  ],
  volumes: [
    { uuid: 'r', name: 'svm1_root', svm: 'svm1', size: 1, used: 0, junctionPath: '/', isClone: false },
    { uuid: 'c', name: 'clone1', svm: 'svm1', size: 1, used: 0, junctionPath: '/clone1', isClone: true },
    { uuid: 'v', name: 'vol1', svm: 'svm1', size: 1, used: 0, junctionPath: '/vol1', isClone: false },
  ],
  interfaces: [],
  s3: { services: [], buckets: [], users: [] },
  limits: [],
  ...over,
});

describe('S3 wizard defaults', () => {
  it('picks the first running SVM and a mounted volume that is not a clone or the root', () => {
    expect(defaultsFor(cluster(), null)).toEqual({ svm: 'svm1', volume: 'vol1' });
  });
  it('keeps an SVM the user chose', () => {
    expect(defaultsFor(cluster(), 'svm0')).toEqual({ svm: 'svm0', volume: null });
  });
  it('suggests a valid bucket name from any volume name', () => {
    for (const v of ['vol1', 'Tyre_Data', 'a', '__x__', null]) expect(bucketNameProblem(suggestBucketName(v))).toBeNull();
    expect(suggestBucketName('Tyre_Data')).toBe('tyre-data');
  });
  it('explains a bad bucket name as typed', () => {
    expect(bucketNameProblem('Tyre_Data')).toMatch(/lower-case/);
    expect(bucketNameProblem('ab')).toMatch(/3 to 63/);
    expect(bucketNameProblem('tyre-data')).toBeNull();
  });
  it('says what is missing before it builds the input', () => {
    expect(setupInputOf(DEFAULT_DRAFT)).toEqual({ missing: 'Choose a connection.' });
    const draft = { ...DEFAULT_DRAFT, connectionId: 'lab', svm: 'svm1', volume: 'vol1' };
    expect(setupInputOf(draft)).toMatchObject({
      input: { volume: { existing: 'vol1' }, bucketName: 'vol1', policy: 'FullAccess' },
    });
  });
  it('turns a new volume of 2 GiB into bytes with its junction path', () => {
    const draft = {
      ...DEFAULT_DRAFT,
      connectionId: 'lab',
      svm: 'svm1',
      volumeMode: 'create' as const,
      newVolume: { name: 'data', size: '2', unit: 'GiB' as const, junctionPath: null },
    };
    expect(setupInputOf(draft)).toMatchObject({
      input: { volume: { create: { name: 'data', sizeBytes: 2 * 1024 ** 3, junctionPath: '/data' } } },
    });
    expect(setupInputOf({ ...draft, newVolume: { ...draft.newVolume, size: 'lots' } })).toEqual({
      missing: 'Give the new volume a size, e.g. 100 GiB.',
    });
  });
});

describe('client snippets', () => {
  it('mask the secret until it is revealed', () => {
    expect(boto3Snippet(profile, null)).toContain(SECRET_MASK);
    expect(awsCliSnippet(profile, null)).toContain(SECRET_MASK);
    expect(boto3Snippet(profile, 's3cr3t')).toContain('aws_secret_access_key="s3cr3t"');
    expect(awsCliSnippet(profile, 's3cr3t')).not.toContain(SECRET_MASK);
  });
  it('use path-style SigV4 and the endpoint', () => {
    const py = boto3Snippet(profile, null);
    expect(py).toContain('endpoint_url="http://10.0.0.9"');
    expect(py).toContain('signature_version="s3v4"');
    expect(py).toContain('"addressing_style": "path"');
    expect(awsCliSnippet(profile, null)).toContain(
      'aws s3 ls s3://tyre-data/ --endpoint-url http://10.0.0.9 --profile ontap-tyre-data',
    );
  });
  it('keep uploads single-part where multipart is refused', () => {
    const noMultipart = { ...profile, multipartSupported: false };
    expect(boto3Snippet(noMultipart, null)).toContain('multipart_threshold');
    expect(awsCliSnippet(noMultipart, null)).toContain('s3.multipart_threshold 5GB');
    expect(awsCliSnippet(profile, null)).not.toContain('multipart');
  });
  it('name the AWS CLI profile with safe characters', () => {
    expect(cliProfileName({ name: 'FSx prod / svm1', bucket: null })).toBe('ontap-fsx-prod-svm1');
    expect(cliProfileName(profile)).toBe('ontap-tyre-data');
  });
});

describe('sizes', () => {
  it('reads and writes binary units', () => {
    expect(toBytes('1.5', 'GiB')).toBe(1.5 * 1024 ** 3);
    expect(toBytes('0', 'GiB')).toBeNull();
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
