import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedOrigins, newToken, presentedToken, tokenMatches } from '../../electron/server/auth';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('browser-mode auth', () => {
  it('makes a different, unguessable token each start', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });
  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
  });
  it('reads the token from the query, a bearer header or the cookie', () => {
    expect(presentedToken(req({}), new URL('http://h/?token=q'))).toBe('q');
    expect(presentedToken(req({ authorization: 'Bearer b' }), new URL('http://h/'))).toBe('b');
    expect(presentedToken(req({ cookie: 'x=1; workbench_token=c' }), new URL('http://h/'))).toBe('c');
    expect(presentedToken(req({}), new URL('http://h/'))).toBeNull();
  });
  it('allows WebSocket origins of this server only', () => {
    const origins = allowedOrigins('127.0.0.1', 4321);
    expect(origins.has('http://127.0.0.1:4321')).toBe(true);
    expect(origins.has('http://localhost:4321')).toBe(true);
    expect(origins.has('http://localhost:9999')).toBe(false);
    expect(origins.has('https://evil.example')).toBe(false);
  });
});
