import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token after the first visit, so assets and the WebSocket are authorised too. */
export const TOKEN_COOKIE = 'workbench_token';

/** A fresh random token for one server start, like Jupyter's. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads a cookie's value from a request. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The token a request presents: `?token=`, `Authorization: Bearer`, or the cookie. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return url.searchParams.get('token') ?? bearer ?? readCookie(req, TOKEN_COOKIE);
}

/**
 * The origins a browser may open the WebSocket from: this server's own, under the names
 * that reach it. Anything else is a cross-site page trying to use the user's cookie.
 */
export function allowedOrigins(host: string, port: number): Set<string> {
  const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
  if (host === '0.0.0.0' || host === '::') names.delete(host);
  return new Set([...names].map((name) => `http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`));
}
