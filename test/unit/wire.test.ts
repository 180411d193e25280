import { describe, expect, it } from 'vitest';
import { serverMessageSchema } from '../../shared/wire';

describe('the WebSocket wire protocol', () => {
  it('reads a successful result, a failed result and an event', () => {
    expect(serverMessageSchema.parse({ type: 'result', id: 1, ok: true, result: { a: 1 } })).toEqual({
      type: 'result',
      id: 1,
      ok: true,
      result: { a: 1 },
    });
    expect(
      serverMessageSchema.parse({ type: 'result', id: 2, ok: false, error: { code: 'NOT_FOUND', message: 'gone' } }),
    ).toMatchObject({ ok: false });
    expect(serverMessageSchema.parse({ type: 'event', name: 'job.state', payload: {} })).toMatchObject({ type: 'event' });
  });
  it('rejects a failed result without an error', () => {
    expect(serverMessageSchema.safeParse({ type: 'result', id: 3, ok: false }).success).toBe(false);
  });
});
