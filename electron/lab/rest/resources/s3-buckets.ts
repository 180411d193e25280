import { z } from 'zod';
import type { S3Bucket } from '../../model/types';
import { validateBody } from '../body';
import { listReply, recordReply, renderRecord, type RecordView } from '../collection';
import { longOperation } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { ref, svmOf } from './refs';
import { serviceOf } from './s3-services';
import { statement } from './s3-policies';

/** Buckets as the REST API shows them. */
export const bucketView: RecordView<S3Bucket> = {
  keys: ['svm.uuid', 'svm.name', 'uuid', 'name'],
  href: (b) => `/api/protocols/s3/buckets/${b.svm.uuid}/${b.uuid}`,
  toRest: (b) => ({ ...b }),
};

const settings = {
  size: z.number().int().min(0).optional(),
  comment: z.string().optional(),
  policy: z.strictObject({ statements: z.array(statement).optional() }).optional(),
};
const createBody = z.strictObject({
  ...settings,
  svm: ref.optional(),
  name: z.string(),
  type: z.enum(['s3', 'nas']).optional(),
  nas_path: z.string().optional(),
});
const patchBody = z.strictObject({ ...settings, type: z.string().optional() });

function create(ctx: RestContext, req: RestRequest, svmFromPath?: string) {
  const { svm, ...input } = validateBody(createBody, req.body);
  const owner = svmFromPath ?? svmOf(svm, req);
  return longOperation(ctx, req, () => ctx.lab.s3.createBucket(owner, input), {
    creates: true,
    records: (b) => [renderRecord(bucketView, b)],
  });
}

function bucketOf(ctx: RestContext, req: RestRequest): S3Bucket {
  return ctx.lab.s3.bucket(req.params.svm ?? '', req.params.uuid ?? '');
}

function patch(ctx: RestContext, req: RestRequest) {
  const bucket = bucketOf(ctx, req);
  const changes = validateBody(patchBody, req.body);
  return longOperation(ctx, req, async () => ctx.lab.s3.patchBucket(bucket.svm.uuid, bucket.uuid, changes), {
    records: (b) => [renderRecord(bucketView, b)],
  });
}

function remove(ctx: RestContext, req: RestRequest) {
  const bucket = bucketOf(ctx, req);
  const isEmpty = async (b: S3Bucket) => {
    const page = await ctx.lab.objects.list(b, { maxKeys: 1 });
    return page.contents.length + page.commonPrefixes.length === 0;
  };
  return longOperation(ctx, req, () => ctx.lab.s3.deleteBucket(bucket.svm.uuid, bucket.uuid, isEmpty));
}

const item = {
  GET: (ctx: RestContext, req: RestRequest) => recordReply(bucketView, bucketOf(ctx, req), req),
  PATCH: patch,
  DELETE: remove,
};

/** Buckets, cluster-wide (`svm.name` in the body) and per object-store server; changes run as jobs. */
export const bucketRoutes: RestRoute[] = [
  {
    path: '/api/protocols/s3/buckets',
    methods: { GET: (ctx, req) => listReply(bucketView, ctx.lab.s3.buckets(), req), POST: (ctx, req) => create(ctx, req) },
  },
  { path: '/api/protocols/s3/buckets/{svm}/{uuid}', methods: item },
  {
    path: '/api/protocols/s3/services/{svm}/buckets',
    methods: {
      GET: (ctx, req) => listReply(bucketView, ctx.lab.s3.buckets(serviceOf(ctx, req).svm.uuid), req),
      POST: (ctx, req) => create(ctx, req, serviceOf(ctx, req).svm.uuid),
    },
  },
  { path: '/api/protocols/s3/services/{svm}/buckets/{uuid}', methods: item },
];
