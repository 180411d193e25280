import type { IncomingHttpHeaders } from 'node:http';
import { LabError } from '../model/errors';
import type { Lab } from '../model/lab';

/** True when the request carries the admin account's HTTP basic credentials. */
export function isAuthorized(lab: Lab, headers: IncomingHttpHeaders): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return lab.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
}

/** The 401 a request without valid credentials gets (with the challenge clients answer). */
export function unauthorized(): LabError {
  return new LabError('6691623', 'Authentication failed: use the cluster admin account with HTTP basic authentication.', 401);
}

/** The challenge header that goes with a 401. */
export const AUTH_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="lab"' };
