import { z } from 'zod';
import { notFound } from '../../model/errors';
import type { S3Group } from '../../model/types';
import { validateBody } from '../body';
import { listReply, recordReply, renderRecord, type RecordView } from '../collection';
import { createdReply, doneReply } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { serviceOf } from './s3-services';

/** S3 groups as the REST API shows them; `id` is a number. */
export const groupView: RecordView<S3Group> = {
  keys: ['svm.uuid', 'svm.name', 'id', 'name'],
  href: (g) => `/api/protocols/s3/services/${g.svm.uuid}/groups/${g.id}`,
  toRest: (g) => ({ ...g }),
};

const names = z.array(z.strictObject({ name: z.string() }));
const fields = { users: names.optional(), policies: names.optional(), comment: z.string().optional() };
const createBody = z.strictObject({ ...fields, name: z.string() });
const patchBody = z.strictObject({ ...fields, name: z.string().optional() });

function groupOf(ctx: RestContext, req: RestRequest): S3Group {
  const svm = serviceOf(ctx, req).svm.uuid;
  const id = req.params.id ?? '';
  if (!/^\d+$/.test(id)) throw notFound('group', 'id');
  return ctx.lab.s3.group(svm, Number(id));
}

/** An object-store server's groups: users and the policies they get. */
export const groupRoutes: RestRoute[] = [
  {
    path: '/api/protocols/s3/services/{svm}/groups',
    methods: {
      GET: (ctx, req) => listReply(groupView, ctx.lab.s3.groups(serviceOf(ctx, req).svm.uuid), req),
      POST: (ctx, req) => {
        const svm = serviceOf(ctx, req).svm.uuid;
        const group = ctx.lab.s3.createGroup(svm, validateBody(createBody, req.body));
        return createdReply(req, renderRecord(groupView, group), groupView.href(group));
      },
    },
  },
  {
    path: '/api/protocols/s3/services/{svm}/groups/{id}',
    methods: {
      GET: (ctx, req) => recordReply(groupView, groupOf(ctx, req), req),
      PATCH: (ctx, req) => {
        const group = groupOf(ctx, req);
        ctx.lab.s3.patchGroup(group.svm.uuid, group.id, validateBody(patchBody, req.body));
        return doneReply();
      },
      DELETE: (ctx, req) => {
        const group = groupOf(ctx, req);
        ctx.lab.s3.deleteGroup(group.svm.uuid, group.id);
        return doneReply();
      },
    },
  },
];
