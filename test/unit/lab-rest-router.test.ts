import { describe, expect, it } from 'vitest';
import { allowedMethods, compileRoutes, matchRoute } from '../../electron/lab/rest/router';
import { restRoutes } from '../../electron/lab/rest/routes';

const table = compileRoutes(restRoutes);

describe('routing table', () => {
  it('finds each endpoint of the reference page and captures its parameters', () => {
    expect(matchRoute(table, '/api/storage/volumes')?.route.path).toBe('/api/storage/volumes');
    expect(matchRoute(table, '/api/storage/volumes/abc/snapshots/def')?.params).toEqual({ volume: 'abc', uuid: 'def' });
    expect(matchRoute(table, '/api/protocols/s3/services/s1/users/a%20b')?.params).toEqual({ svm: 's1', name: 'a b' });
    expect(matchRoute(table, '/api/protocols/s3/buckets/s1/b1')?.route.path).toBe('/api/protocols/s3/buckets/{svm}/{uuid}');
    expect(matchRoute(table, '/api/protocols/s3/services/s1/buckets')?.route.path).toBe(
      '/api/protocols/s3/services/{svm}/buckets',
    );
  });

  it('finds nothing for unknown paths or extra segments', () => {
    expect(matchRoute(table, '/api/storage/luns')).toBeUndefined();
    expect(matchRoute(table, '/api/storage/volumes/a/b')).toBeUndefined();
    expect(matchRoute(table, '/api/storage/volumes/%E0%A4%A')).toBeUndefined();
  });

  it('lists the methods a path answers, for Allow', () => {
    const volumes = matchRoute(table, '/api/storage/volumes');
    expect(volumes && allowedMethods(volumes.route)).toBe('GET, POST, HEAD, OPTIONS');
    const jobs = matchRoute(table, '/api/cluster/jobs/x');
    expect(jobs && allowedMethods(jobs.route)).toBe('GET, HEAD, OPTIONS');
  });

  it('has no pattern twice', () => {
    const paths = restRoutes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
