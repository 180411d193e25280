import { WorkbenchError } from '../errors';

/** The fix for the most common first failure with FSx for ONTAP (and any cluster behind a firewall). */
export const SAME_NETWORK_HINT =
  'The workstation must be in the same VPC/subnet as the file system, and the security group must allow 443 and 22.';

const TLS_HANDSHAKE = /^(EPROTO|ERR_SSL_|ERR_TLS_)/;

/**
 * Turns a socket error (or our own connect timeout) into HOST_UNREACHABLE with what happened and the
 * fix; a TLS handshake failure becomes ONTAP_ERROR (something answers, but not an HTTPS API).
 */
export function networkError(err: unknown, target: { host: string; port: number }, what = 'the cluster'): WorkbenchError {
  if (err instanceof WorkbenchError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const where = `${target.host}:${target.port}`;
  const reason = err instanceof Error ? err.message : String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new WorkbenchError('HOST_UNREACHABLE', `The name ${target.host} does not resolve (${code}).`, {
      hint: 'Check the spelling, or use the management IP address shown in the FSx console (Administration tab) or by your storage administrator. A private DNS name resolves only inside its VPC.',
      details: { code, host: target.host, port: target.port },
      cause: err,
    });
  if (TLS_HANDSHAKE.test(code))
    return new WorkbenchError('ONTAP_ERROR', `${where} answered, but the TLS handshake failed (${reason}).`, {
      hint: `Check that port ${target.port} is the HTTPS management port of ${what} (443 by default).`,
      details: { code, host: target.host, port: target.port },
      cause: err,
    });
  const messages: Record<string, string> = {
    ECONNREFUSED: `${where} refused the connection: nothing listens on port ${target.port} there.`,
    ETIMEDOUT: `No answer from ${where}: the connection timed out.`,
    EHOSTUNREACH: `There is no route to ${target.host}.`,
    ENETUNREACH: `The network of ${target.host} is unreachable from this computer.`,
    ECONNRESET: `${where} closed the connection unexpectedly.`,
  };
  return new WorkbenchError('HOST_UNREACHABLE', messages[code] ?? `Cannot reach ${where}: ${reason}.`, {
    hint:
      code === 'ECONNREFUSED'
        ? `Check the port and that ${what} offers this service on it. ${SAME_NETWORK_HINT}`
        : SAME_NETWORK_HINT,
    details: { code: code || null, host: target.host, port: target.port },
    cause: err,
  });
}

/** The error a connect attempt that got no answer in time fails with. */
export function connectTimeout(ms: number): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`no answer within ${Math.round(ms / 1000)} s`);
  err.code = 'ETIMEDOUT';
  return err;
}
