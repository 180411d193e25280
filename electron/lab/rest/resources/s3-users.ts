import { z } from 'zod';
import type { S3User } from '../../model/types';
import { validateBody } from '../body';
import { collectionBody, listReply, recordReply, type RecordView } from '../collection';
import { doneReply } from '../operations';
import type { RestReply, RestRoute } from '../types';
import { serviceOf } from './s3-services';

/** S3 users as the REST API shows them: the access key, never the secret key. */
export const userView: RecordView<S3User> = {
  keys: ['svm.uuid', 'svm.name', 'name'],
  href: (u) => `/api/protocols/s3/services/${u.svm.uuid}/users/${encodeURIComponent(u.name)}`,
  toRest: (u) => ({ name: u.name, svm: u.svm, access_key: u.access_key, comment: u.comment }),
};

// key_time_to_live is accepted and ignored: the lab's keys do not expire.
const createBody = z.strictObject({ name: z.string(), comment: z.string().optional(), key_time_to_live: z.string().optional() });
const patchBody = z.strictObject({ comment: z.string().optional(), key_time_to_live: z.string().optional() });

/** The one answer that shows a secret key: after creating a user or regenerating its keys. */
function keysReply(user: S3User, status: number): RestReply {
  return {
    status,
    body: collectionBody([{ name: user.name, access_key: user.access_key, secret_key: user.secret_key }]),
  };
}

/** An object-store server's users; POST and `PATCH ?regenerate_keys=true` show the keys once. */
export const userRoutes: RestRoute[] = [
  {
    path: '/api/protocols/s3/services/{svm}/users',
    methods: {
      GET: (ctx, req) => listReply(userView, ctx.lab.s3.users(serviceOf(ctx, req).svm.uuid), req),
      POST: (ctx, req) => {
        const svm = serviceOf(ctx, req).svm.uuid;
        const { key_time_to_live: _k, ...input } = validateBody(createBody, req.body);
        return keysReply(ctx.lab.s3.createUser(svm, input), 201);
      },
    },
  },
  {
    path: '/api/protocols/s3/services/{svm}/users/{name}',
    methods: {
      GET: (ctx, req) => recordReply(userView, ctx.lab.s3.user(serviceOf(ctx, req).svm.uuid, req.params.name ?? ''), req),
      PATCH: (ctx, req) => {
        const svm = serviceOf(ctx, req).svm.uuid;
        const name = req.params.name ?? '';
        const { key_time_to_live: _k, ...changes } = validateBody(patchBody, req.body);
        const user = ctx.lab.s3.patchUser(svm, name, changes);
        if (req.query.get('regenerate_keys') === 'true') return keysReply(ctx.lab.s3.regenerateKeys(svm, user.name), 200);
        return doneReply();
      },
      DELETE: (ctx, req) => {
        ctx.lab.s3.deleteUser(serviceOf(ctx, req).svm.uuid, req.params.name ?? '');
        return doneReply();
      },
    },
  },
];
