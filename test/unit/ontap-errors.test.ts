import { describe, expect, it } from 'vitest';
import { accountScope, describeVersion } from '../../electron/core/ontap/connection-probes';
import { networkError } from '../../electron/core/ontap/network-errors';
import type { RestClient } from '../../electron/core/ontap/rest-client';
import { isOntapNotFound, ontapHttpError } from '../../electron/core/ontap/rest-errors';
import { WorkbenchError } from '../../electron/core/errors';

const call = { method: 'GET', path: '/api/storage/volumes?fields=name', username: 'vsadmin' };

describe('ONTAP REST errors', () => {
  it('401 is a wrong user or password, with where to set it', () => {
    const err = ontapHttpError({ status: 401, body: { error: { message: 'Authentication failed', code: '6691623' } } }, call);
    expect(err.code).toBe('ONTAP_AUTH_FAILED');
    expect(err.message).toBe('ONTAP refused the login of vsadmin: wrong user or password.');
    expect(err.hint).toMatch(/fsxadmin .* vsadmin/);
  });

  it('403 is a privilege refusal that explains SVM-scoped accounts', () => {
    const err = ontapHttpError({ status: 403, body: { error: { message: 'not authorized for that command', code: '6' } } }, call);
    expect(err.code).toBe('ONTAP_PRIVILEGE');
    expect(err.message).toMatch(/vsadmin may not do this: not authorized for that command/);
    expect(err.hint).toMatch(/cannot read the cluster, other SVMs/);
  });

  it('other errors carry ONTAP’s own message and code; code 4 is "not found"', () => {
    const err = ontapHttpError(
      { status: 409, body: { error: { message: 'Duplicate volume name "vol1".', code: '917927', target: 'name' } } },
      { ...call, method: 'POST' },
    );
    expect(err.code).toBe('ONTAP_ERROR');
    expect(err.message).toBe('Duplicate volume name "vol1".');
    expect(err.details).toMatchObject({ status: 409, ontapCode: '917927', target: 'name', request: 'POST /api/storage/volumes' });
    expect(
      isOntapNotFound(ontapHttpError({ status: 404, body: { error: { message: "entry doesn't exist", code: '4' } } }, call)),
    ).toBe(true);
    expect(isOntapNotFound(err)).toBe(false);
  });
});

describe('network errors', () => {
  const target = { host: '10.0.0.5', port: 443 };
  it('unreachable and timed-out hosts get the same-network fix', () => {
    for (const code of ['ETIMEDOUT', 'EHOSTUNREACH', 'ECONNREFUSED']) {
      const err = networkError(Object.assign(new Error(code), { code }), target);
      expect(err.code).toBe('HOST_UNREACHABLE');
      expect(err.hint).toMatch(/same VPC\/subnet as the file system, and the security group must allow 443 and 22/);
    }
  });

  it('a name that does not resolve says so', () => {
    const err = networkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), { host: 'fsx.example.invalid', port: 443 });
    expect(err.message).toMatch(/fsx\.example\.invalid does not resolve/);
  });
});

describe('what an account may do', () => {
  const client = (username: string, accounts: () => Promise<unknown[]>) =>
    ({ username, collect: accounts }) as unknown as RestClient;
  const refused = async () => {
    throw new WorkbenchError('ONTAP_PRIVILEGE', 'not authorized');
  };

  it('an account that cannot read the cluster is SVM-scoped, and told what it can and cannot do', async () => {
    const scope = await accountScope(client('vsadmin', refused), { clusterReadable: false, svms: ['svm1'] });
    expect(scope.status).toBe('warning');
    expect(scope.message).toMatch(/vsadmin is an SVM administrator of svm1: it can create volumes, the S3 server/);
    expect(scope.message).toMatch(/cannot read the cluster/);
  });

  it('its own account record decides when readable: SVM scope, read-only role, cluster admin', async () => {
    const svm = await accountScope(
      client('vsadmin', async () => [{ owner: { name: 'svm2' }, role: { name: 'vsadmin' }, scope: 'svm' }]),
      {
        clusterReadable: true,
        svms: ['svm1', 'svm2'],
      },
    );
    expect(svm.message).toMatch(/SVM administrator of svm2 \(role vsadmin\)/);
    const readOnly = await accountScope(
      client('audit', async () => [{ role: { name: 'readonly' }, scope: 'cluster' }]),
      {
        clusterReadable: true,
        svms: [],
      },
    );
    expect(readOnly).toMatchObject({ status: 'warning', message: expect.stringMatching(/read-only role/) });
    const admin = await accountScope(
      client('fsxadmin', async () => [{ role: { name: 'admin' }, scope: 'cluster' }]),
      {
        clusterReadable: true,
        svms: ['svm1'],
      },
    );
    expect(admin).toMatchObject({ status: 'ok', message: expect.stringMatching(/cluster administrator \(role admin\)/) });
  });

  it('reads ONTAP versions and whether NAS buckets exist there', () => {
    expect(describeVersion({ full: 'NetApp Release 9.14.1: ...', generation: 9, major: 14, minor: 1 })).toEqual({
      short: '9.14.1',
      nasBuckets: true,
    });
    expect(describeVersion({ full: 'NetApp Release 9.11.1P3: Tue Jan 10' })).toEqual({ short: '9.11.1', nasBuckets: false });
    expect(describeVersion({ generation: 9, major: 12, minor: 1 }).nasBuckets).toBe(true);
  });
});
