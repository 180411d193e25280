import { z } from 'zod';
import { notFound } from '../../model/errors';
import type { S3Policy } from '../../model/types';
import { validateBody } from '../body';
import { listReply, recordReply, renderRecord, type RecordView } from '../collection';
import { createdReply, doneReply } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { serviceOf } from './s3-services';

/** One policy statement as ONTAP takes it (bucket policies also name principals). */
export const statement = z.strictObject({
  sid: z.string().optional(),
  effect: z.enum(['allow', 'deny']),
  actions: z.array(z.string()),
  resources: z.array(z.string()),
  principals: z.array(z.string()).optional(),
});

/** S3 policies as the REST API shows them. */
export const policyView: RecordView<S3Policy> = {
  keys: ['svm.uuid', 'svm.name', 'name'],
  href: (p) => `/api/protocols/s3/services/${p.svm.uuid}/policies/${encodeURIComponent(p.name)}`,
  toRest: (p) => ({ ...p }),
};

const createBody = z.strictObject({
  name: z.string(),
  statements: z.array(statement.omit({ principals: true })).optional(),
  comment: z.string().optional(),
});

function policyOf(ctx: RestContext, req: RestRequest): S3Policy {
  const found = ctx.lab.s3.policies(serviceOf(ctx, req).svm.uuid).find((p) => p.name === req.params.name);
  if (!found) throw notFound('policy', 'name');
  return found;
}

/** An object-store server's policies (FullAccess and ReadOnlyAccess built in). */
export const policyRoutes: RestRoute[] = [
  {
    path: '/api/protocols/s3/services/{svm}/policies',
    methods: {
      GET: (ctx, req) => listReply(policyView, ctx.lab.s3.policies(serviceOf(ctx, req).svm.uuid), req),
      POST: (ctx, req) => {
        const svm = serviceOf(ctx, req).svm.uuid;
        const policy = ctx.lab.s3.createPolicy(svm, validateBody(createBody, req.body));
        return createdReply(req, renderRecord(policyView, policy), policyView.href(policy));
      },
    },
  },
  {
    path: '/api/protocols/s3/services/{svm}/policies/{name}',
    methods: {
      GET: (ctx, req) => recordReply(policyView, policyOf(ctx, req), req),
      DELETE: (ctx, req) => {
        const policy = policyOf(ctx, req);
        ctx.lab.s3.deletePolicy(policy.svm.uuid, policy.name);
        return doneReply();
      },
    },
  },
];
