import { lookup } from 'node:dns/promises';
import { connect, isIP } from 'node:net';
import { cancelledError, WorkbenchError } from '../errors';
import { connectTimeout, networkError } from './network-errors';
import type { RestClient } from './rest-client';
import { SVM_SCOPE_HINT } from './rest-errors';

/** The single checks a connection test is made of, each bounded and cancellable. */

/** Waits for `work`, or rejects on abort or after `ms`. */
function bounded<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const timer = setTimeout(() => finish(() => reject(onTimeout())), ms);
    const onAbort = () => finish(() => reject(cancelledError()));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (err: unknown) => finish(() => reject(err)),
    );
  });
}

/** The addresses a host name resolves to (an IP address resolves to itself). */
export async function resolveHost(host: string, signal?: AbortSignal, timeoutMs = 10_000): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  const found = await bounded(lookup(bare, { all: true }), timeoutMs, signal, () =>
    Object.assign(new Error('DNS lookup timed out'), { code: 'EAI_AGAIN' }),
  ).catch((err: unknown) => {
    throw networkError(err, { host: bare, port: 0 });
  });
  return found.map((a) => a.address);
}

/** Opens and closes a TCP connection; resolves with how long it took. */
export function probeTcp(target: { host: string; port: number }, signal?: AbortSignal, timeoutMs = 8_000): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const socket = connect({ host: target.host.replace(/^\[|\]$/g, ''), port: target.port });
    const finish = (err: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err instanceof WorkbenchError ? err : networkError(err, target));
      else resolve(Date.now() - started);
    };
    const onAbort = () => finish(cancelledError());
    const timer = setTimeout(() => finish(connectTimeout(timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(null));
    socket.once('error', finish);
  });
}

/** What the account may do, as the privileges step reports it. */
export interface AccountScope {
  status: 'ok' | 'warning';
  message: string;
  hint?: string;
  code?: 'ONTAP_PRIVILEGE';
}

interface AccountRecord {
  owner?: { name?: string };
  role?: { name?: string };
  scope?: string;
}

const READ_ONLY_ROLES = new Set(['readonly', 'vsadmin-readonly']);

/**
 * Finds whether the account is a cluster administrator or SVM-scoped: from its own record in
 * `/api/security/accounts` where the cluster lets it read that, else from whether it could read
 * the cluster at all (`clusterReadable`) and which SVMs it sees.
 */
export async function accountScope(
  client: RestClient,
  facts: { clusterReadable: boolean; svms: string[] },
  signal?: AbortSignal,
): Promise<AccountScope> {
  const user = client.username;
  let record: AccountRecord | null = null;
  try {
    const records = await client.collect<AccountRecord>('/api/security/accounts', {
      query: { name: user, fields: 'owner.name,role.name,scope' },
      signal,
    });
    record = records[0] ?? null;
  } catch (err) {
    // Not offered (older releases, the lab) or not readable by this account: the other facts decide.
    if (!(err instanceof WorkbenchError) || err.code === 'CANCELLED') throw err;
  }
  const role = record?.role?.name ?? null;
  const svmScoped = record ? record.scope === 'svm' : !facts.clusterReadable;
  const svmName = record?.owner?.name ?? (facts.svms.length === 1 ? facts.svms[0] : null);
  if (role && READ_ONLY_ROLES.has(role))
    return {
      status: 'warning',
      code: 'ONTAP_PRIVILEGE',
      message: `${user} has the read-only role ${role}: the workbench can show the cluster but cannot set up S3 or create volumes with it.`,
      hint: 'Use an account with the admin (cluster) or vsadmin (SVM) role for the S3 setup wizard.',
    };
  if (svmScoped)
    return {
      status: 'warning',
      code: 'ONTAP_PRIVILEGE',
      message: `${user} is an SVM administrator${svmName ? ` of ${svmName}` : ''}${role ? ` (role ${role})` : ''}: it can create volumes, the S3 server, users, groups and buckets there, but cannot read the cluster, other SVMs, nodes or aggregates.`,
      hint: SVM_SCOPE_HINT,
    };
  return {
    status: 'ok',
    message: `${user} is a cluster administrator${role ? ` (role ${role})` : ''}: it can read the whole cluster and set up S3 on any of its ${facts.svms.length} SVM(s).`,
  };
}

/** `9.14.1` from ONTAP's version record, and whether NAS buckets (9.12.1+) are there. */
export function describeVersion(version: { full?: string; generation?: number; major?: number; minor?: number }): {
  short: string;
  nasBuckets: boolean;
} {
  const { generation, major, minor } = version;
  if (generation === undefined || major === undefined) {
    const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.full ?? '');
    if (!match) return { short: version.full ?? 'unknown', nasBuckets: true };
    return describeVersion({ generation: Number(match[1]), major: Number(match[2]), minor: Number(match[3] ?? 0) });
  }
  const short = `${generation}.${major}.${minor ?? 0}`;
  const nasBuckets = generation > 9 || (generation === 9 && (major > 12 || (major === 12 && (minor ?? 0) >= 1)));
  return { short, nasBuckets };
}
