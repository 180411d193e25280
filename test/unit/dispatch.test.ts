import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../electron/core/contract/dispatch';
import { WorkbenchError } from '../../electron/core/errors';

const handlers = {
  'app.info': async () => ({ name: 'wrong shape' }),
  'app.probeMachine': async () => ({ jobId: 'j1' }),
  'jobs.list': async () => ({ jobs: [] }),
  'jobs.cancel': async ({ jobId }: { jobId: string }) => {
    throw new WorkbenchError('NOT_FOUND', `There is no job ${jobId}.`, { hint: 'See jobs.list.' });
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('refuses a name outside the contract', async () => {
    const out = await dispatch(handlers, 'fs.readFile', { path: '/etc/passwd' });
    expect(out).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('names the missing field and what it needs', async () => {
    const out = await dispatch(handlers, 'jobs.cancel', {});
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('INVALID_INPUT');
    expect(out.error.message).toMatch(/jobId/);
  });

  it('names a field of the wrong type', async () => {
    const out = await dispatch(handlers, 'jobs.cancel', { jobId: 42 });
    expect(!out.ok && out.error.message).toMatch(/jobId: .*string/i);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const out = await dispatch(handlers, 'jobs.list', { everything: true });
    expect(!out.ok && out.error.code).toBe('INVALID_INPUT');
    expect(!out.ok && out.error.message).toMatch(/everything/);
  });

  it('passes a handler error through with its code and hint', async () => {
    const out = await dispatch(handlers, 'jobs.cancel', { jobId: 'x' });
    expect(out).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no job x.', hint: 'See jobs.list.' } });
  });

  it('treats an answer outside the contract as a bug, not as data', async () => {
    const out = await dispatch(handlers, 'app.info', {});
    expect(!out.ok && out.error.code).toBe('INTERNAL');
  });

  it('returns a valid answer', async () => {
    expect(await dispatch(handlers, 'jobs.list', {})).toEqual({ ok: true, result: { jobs: [] } });
  });
});
