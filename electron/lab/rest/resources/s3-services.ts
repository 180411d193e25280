import { z } from 'zod';
import type { S3Service } from '../../model/types';
import { validateBody } from '../body';
import { collectionBody, listReply, recordReply, type RecordView } from '../collection';
import { doneReply } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { ref, svmOf } from './refs';

/** Object-store servers as the REST API shows them; `lab` (FSx-like switches) only when asked for. */
export const serviceView: RecordView<S3Service> = {
  keys: ['svm.uuid', 'svm.name', 'name'],
  href: (s) => `/api/protocols/s3/services/${s.svm.uuid}`,
  toRest: (s) => ({ ...s }),
  hidden: ['lab'],
};

const settings = {
  enabled: z.boolean().optional(),
  is_http_enabled: z.boolean().optional(),
  is_https_enabled: z.boolean().optional(),
  comment: z.string().optional(),
  // Accepted and ignored: the lab listens on the ports it chose at first start (it cannot assume 80/443).
  port: z.number().int().optional(),
  secure_port: z.number().int().optional(),
  certificate: ref.optional(),
};

const createBody = z.strictObject({
  ...settings,
  svm: ref.optional(),
  name: z.string(),
  users: z.array(z.strictObject({ name: z.string(), comment: z.string().optional() })).optional(),
});

const patchBody = z.strictObject({
  ...settings,
  name: z.string().optional(),
  // Lab-only: reproduce FSx for ONTAP releases without multipart upload and with a PUT size cap.
  lab: z
    .strictObject({ multipart_supported: z.boolean().optional(), max_put_bytes: z.number().int().min(0).optional() })
    .optional(),
});

const deleteBody = z.strictObject({ delete_all: z.boolean().optional() });

/** The SVM of a `…/services/{svm}` path: its object-store server must exist. */
export function serviceOf(ctx: RestContext, req: RestRequest): S3Service {
  return ctx.lab.s3.requireService(req.params.svm ?? '');
}

function createService(ctx: RestContext, req: RestRequest) {
  const body = validateBody(createBody, req.body);
  const svm = svmOf(body.svm, req);
  const { s3 } = ctx.lab;
  const { name, enabled, is_http_enabled, is_https_enabled, comment } = body;
  const service = s3.createService(svm, { name, enabled, is_http_enabled, is_https_enabled, comment });
  // ONTAP shows the new users' secret keys once, in this answer (the root user's included).
  for (const u of body.users ?? []) s3.createUser(service.svm.uuid, u);
  const users = s3.users(service.svm.uuid).map((u) => ({ name: u.name, access_key: u.access_key, secret_key: u.secret_key }));
  return {
    status: 201,
    body: collectionBody([{ name: service.name, svm: service.svm, users }]),
    headers: { Location: serviceView.href(service) },
  };
}

/** Object-store (S3) servers: one per SVM, addressed by the SVM's uuid. */
export const serviceRoutes: RestRoute[] = [
  {
    path: '/api/protocols/s3/services',
    methods: { GET: (ctx, req) => listReply(serviceView, ctx.lab.s3.services(), req), POST: createService },
  },
  {
    path: '/api/protocols/s3/services/{svm}',
    methods: {
      GET: (ctx, req) => recordReply(serviceView, serviceOf(ctx, req), req),
      PATCH: (ctx, req) => {
        const service = serviceOf(ctx, req);
        const { port: _p, secure_port: _s, certificate: _c, ...changes } = validateBody(patchBody, req.body);
        ctx.lab.s3.patchService(service.svm.uuid, changes);
        return doneReply();
      },
      DELETE: (ctx, req) => {
        const service = serviceOf(ctx, req);
        const body = validateBody(deleteBody, req.body);
        const all = body.delete_all ?? req.query.get('delete_all') === 'true';
        ctx.lab.s3.deleteService(service.svm.uuid, all);
        return doneReply();
      },
    },
  },
];
