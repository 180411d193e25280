import { LabError } from '../model/errors';
import type { ClusterJob } from '../model/types';
import { collectionBody } from './collection';
import { MAX_RETURN_TIMEOUT, parseQuery, type JsonRecord } from './query';
import type { RestContext, RestReply, RestRequest } from './types';

/** `/api/cluster/jobs/<uuid>`. */
export function jobHref(uuid: string): string {
  return `/api/cluster/jobs/${uuid}`;
}

/** The `job` object a long operation answers with. */
export function jobRef(job: Pick<ClusterJob, 'uuid'>): JsonRecord {
  return { uuid: job.uuid, _links: { self: { href: jobHref(job.uuid) } } };
}

/** How a long operation answers once its work is done. */
export interface LongOperation<T> {
  /** ONTAP's job description, e.g. `POST /api/storage/volumes`. */
  description?: string;
  /** A POST answers 201 when it finishes in time; PATCH and DELETE answer 200. */
  creates?: boolean;
  /** The created or changed records, for `return_records=true`. */
  records?: (result: T) => JsonRecord[];
}

/**
 * Runs `work` as a cluster job, as ONTAP runs volume, snapshot and bucket changes: `202 Accepted`
 * with the job at once, or — with `return_timeout=N` — 200/201 when it ends within N seconds. The
 * model checks its input before its first await, so a refused request fails before the timer
 * that ends even a zero wait: it is answered with ONTAP's error at once, as a cluster validates a
 * request before accepting it. `return_records=true` waits (up to ONTAP's 120 s) for the record.
 */
export async function longOperation<T>(
  ctx: RestContext,
  req: RestRequest,
  work: () => Promise<T>,
  options: LongOperation<T> = {},
): Promise<RestReply> {
  const query = parseQuery(req.query);
  let outcome: { result: T } | undefined;
  let failure: unknown;
  const job = ctx.lab.jobs.start(options.description ?? `${req.method} ${req.path}`, async () => {
    try {
      outcome = { result: await work() };
    } catch (err) {
      failure = err;
      throw err;
    }
  });
  const wantRecords = query.returnRecords === true && options.records !== undefined;
  const seconds = wantRecords ? Math.max(query.returnTimeout, MAX_RETURN_TIMEOUT) : query.returnTimeout;
  const final = await ctx.lab.jobs.wait(job.uuid, seconds * 1000);
  if (final.state === 'failure') {
    if (failure instanceof LabError) throw failure;
    throw new LabError(String(final.code || 1), final.message, 500);
  }
  const body: JsonRecord = { job: jobRef(job) };
  if (final.state === 'success' && outcome && (query.returnTimeout > 0 || wantRecords)) {
    if (wantRecords && options.records) Object.assign(body, collectionBody(options.records(outcome.result)));
    return { status: options.creates ? 201 : 200, body };
  }
  return { status: 202, body };
}

/** A synchronous POST's answer: 201, with the record when `return_records=true`. */
export function createdReply(req: RestRequest, record: JsonRecord, location?: string): RestReply {
  const query = parseQuery(req.query);
  return {
    status: 201,
    body: query.returnRecords === true ? collectionBody([record]) : {},
    ...(location ? { headers: { Location: location } } : {}),
  };
}

/** A synchronous PATCH's or DELETE's answer. */
export function doneReply(): RestReply {
  return { status: 200, body: {} };
}
