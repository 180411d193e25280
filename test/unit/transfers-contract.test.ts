import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../electron/core/contract/dispatch';

// Validation happens before any handler runs, so an empty table is enough to see the messages.
const handlers = {} as Handlers;

describe('transfer and cache inputs', () => {
  it('names each wrong field and what it needs', async () => {
    const result = await dispatch(handlers, 'transfers.download', {
      profileId: '',
      bucket: 'b1',
      prefix: '/images',
      destination: 'relative/dir',
    });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain('profileId: choose an S3 profile');
    expect(message).toContain('bucket: give the bucket name');
    expect(message).toContain('prefix: an S3 prefix does not start with "/"');
    expect(message).toContain('destination: give an absolute folder path');
  });

  it('refuses an upload of nothing and cache limits out of range', async () => {
    const upload = await dispatch(handlers, 'transfers.upload', { profileId: 'p', bucket: 'bucket1', paths: [] });
    expect(upload.ok ? '' : upload.error.message).toContain('paths: choose at least one file or folder');
    const limits = await dispatch(handlers, 'cache.setLimits', { maxBytes: -1, expiryHours: 0 });
    expect(limits.ok ? '' : limits.error.message).toMatch(/maxBytes: .*expiryHours: more than 0 hours/);
  });
});
