import { describe, expect, it } from 'vitest';
import { cliSize } from '../../electron/core/s3setup/commands';
import { classifyS3Error, endpointUrl } from '../../electron/core/s3setup/endpoint-test';
import { octalMode, othersMayWrite } from '../../electron/core/s3setup/unix-mode';
import type { OntapS3Service } from '../../electron/core/ontap/ontap-api';

const service = (s: Partial<OntapS3Service>): OntapS3Service => ({
  svm: 'svm1',
  name: 'fsx_s3',
  enabled: true,
  http: true,
  https: false,
  port: 80,
  securePort: 443,
  ...s,
});
const both = { http: true, https: true };

describe('S3 endpoint URL', () => {
  it('leaves out the standard port and keeps any other (the lab’s real port)', () => {
    expect(endpointUrl('172.31.32.10', service({}), both)).toBe('http://172.31.32.10');
    expect(endpointUrl('127.0.0.1', service({ port: 40123 }), both)).toBe('http://127.0.0.1:40123');
    expect(endpointUrl('172.31.32.10', service({ http: false, https: true }), both)).toBe('https://172.31.32.10');
    expect(endpointUrl('172.31.32.10', service({ http: false, https: true, securePort: 8443 }), both)).toBe(
      'https://172.31.32.10:8443',
    );
    expect(endpointUrl('fd00::5', service({ port: 8080 }), both)).toBe('http://[fd00::5]:8080');
  });

  it('uses HTTPS when only HTTPS was asked for and the server has it; none when the server serves neither', () => {
    expect(endpointUrl('10.0.0.1', service({ https: true }), { http: false, https: true })).toBe('https://10.0.0.1');
    expect(endpointUrl('10.0.0.1', service({ http: false, https: false }), both)).toBeNull();
  });
});

describe('S3 failures as the wizard explains them', () => {
  it('tells unreachable, TLS, access, multipart, credentials and bucket failures apart', () => {
    const err = (props: Record<string, string>) => Object.assign(new Error(props.message ?? 'x'), props);
    expect(classifyS3Error(err({ code: 'ECONNREFUSED' })).kind).toBe('unreachable');
    expect(classifyS3Error(err({ name: 'TimeoutError' })).kind).toBe('unreachable');
    expect(classifyS3Error(err({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).kind).toBe('tls');
    expect(classifyS3Error(err({ name: 'AccessDenied' })).kind).toBe('access-denied');
    expect(classifyS3Error(err({ name: 'NotImplemented' })).kind).toBe('not-implemented');
    expect(classifyS3Error(err({ name: 'SignatureDoesNotMatch' })).kind).toBe('bad-credentials');
    expect(classifyS3Error(err({ name: 'InvalidAccessKeyId' })).kind).toBe('bad-credentials');
    expect(classifyS3Error(err({ name: 'NoSuchBucket' })).kind).toBe('no-such-bucket');
    expect(classifyS3Error(err({ name: 'AbortError' })).kind).toBe('aborted');
    expect(classifyS3Error(err({ name: 'InternalError' })).kind).toBe('other');
  });
});

describe('CLI sizes', () => {
  it('writes whole units as ONTAP’s CLI takes them, else bytes', () => {
    expect(cliSize(100 * 1024 ** 3)).toBe('100GB');
    expect(cliSize(20 * 1024 ** 2)).toBe('20MB');
    expect(cliSize(2 * 1024 ** 4)).toBe('2TB');
    expect(cliSize(1536 * 1024 ** 2)).toBe('1536MB');
    expect(cliSize(21_000_001)).toBe('21000001');
  });
});

describe('UNIX permissions as REST and the CLI print them', () => {
  it('reads octal and symbolic forms, and tells whether the default UNIX user may write', () => {
    expect(octalMode('755')).toBe('755');
    expect(octalMode('0777')).toBe('777');
    expect(octalMode('---rwxr-xr-x')).toBe('755');
    expect(octalMode('---rwxrwxrwx')).toBe('777');
    expect(octalMode('weird')).toBeNull();
    expect(othersMayWrite('---rwxr-xr-x')).toBe(false);
    expect(othersMayWrite('775')).toBe(false);
    expect(othersMayWrite('0777')).toBe(true);
    expect(othersMayWrite(null)).toBeNull();
  });
});
