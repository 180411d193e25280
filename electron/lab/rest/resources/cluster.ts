import { createHash } from 'node:crypto';
import { notFound } from '../../model/errors';
import type { ClusterJob, IpInterface, Svm } from '../../model/types';
import { listReply, recordReply, type RecordView } from '../collection';
import { jobHref } from '../operations';
import type { JsonRecord } from '../query';
import type { RestContext, RestRoute } from '../types';

/** A stable uuid derived from the cluster's (the lab has one management interface and keeps no record of it). */
function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function clusterRecord(ctx: RestContext): JsonRecord {
  const c = ctx.lab.config;
  return {
    name: c.name,
    uuid: c.uuid,
    version: c.version,
    management_interfaces: [{ name: 'cluster_mgmt', uuid: derivedUuid(`${c.uuid}/cluster_mgmt`), ip: { address: ctx.host } }],
  };
}

const clusterView: RecordView<JsonRecord> = { keys: ['uuid', 'name'], href: () => '/api/cluster', toRest: (r) => r };

const svmView: RecordView<Svm> = {
  keys: ['uuid', 'name'],
  href: (s) => `/api/svm/svms/${s.uuid}`,
  toRest: (s) => ({ ...s }),
};

const interfaceView: RecordView<IpInterface> = {
  keys: ['uuid', 'name'],
  href: (i) => `/api/network/ip/interfaces/${i.uuid}`,
  toRest: (i) => ({ ...i }),
};

/** Jobs as `GET /api/cluster/jobs` shows them. */
export const jobView: RecordView<ClusterJob> = {
  keys: ['uuid'],
  href: (j) => jobHref(j.uuid),
  toRest: (j) => ({ ...j }),
};

function find<T extends { uuid: string; name?: string }>(items: T[], id: string, what: string): T {
  const found = items.find((x) => x.uuid === id || x.name === id);
  if (!found) throw notFound(what, 'uuid');
  return found;
}

/** The cluster, its SVMs, data interfaces and jobs. */
export const clusterRoutes: RestRoute[] = [
  {
    path: '/api/cluster',
    methods: {
      GET: (ctx, req) => recordReply(clusterView, clusterRecord(ctx), req),
    },
  },
  { path: '/api/svm/svms', methods: { GET: (ctx, req) => listReply(svmView, ctx.lab.svms(), req) } },
  {
    path: '/api/svm/svms/{uuid}',
    methods: { GET: (ctx, req) => recordReply(svmView, find(ctx.lab.svms(), req.params.uuid ?? '', 'svm'), req) },
  },
  { path: '/api/network/ip/interfaces', methods: { GET: (ctx, req) => listReply(interfaceView, ctx.lab.interfaces(), req) } },
  {
    path: '/api/network/ip/interfaces/{uuid}',
    methods: {
      GET: (ctx, req) => recordReply(interfaceView, find(ctx.lab.interfaces(), req.params.uuid ?? '', 'interface'), req),
    },
  },
  { path: '/api/cluster/jobs', methods: { GET: (ctx, req) => listReply(jobView, ctx.lab.jobs.list(), req) } },
  {
    path: '/api/cluster/jobs/{uuid}',
    methods: { GET: (ctx, req) => recordReply(jobView, ctx.lab.jobs.get(req.params.uuid ?? ''), req) },
  },
];
