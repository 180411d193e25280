import { z } from 'zod';
import { invalid } from '../../model/errors';
import { parseUnixPermissions, type PatchVolumeInput } from '../../model/volumes';
import type { Volume } from '../../model/types';
import { MISSING_VALUE, validateBody } from '../body';
import { listReply, recordReply, renderRecord, type RecordView } from '../collection';
import { longOperation } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { ref, svmOf } from './refs';

/** Volumes as the REST API shows them; `unix_permissions` as ONTAP writes it (755: octal digits). */
export const volumeView: RecordView<Volume> = {
  keys: ['uuid', 'name'],
  href: (v) => `/api/storage/volumes/${v.uuid}`,
  toRest: (v) => ({ ...v, nas: { ...v.nas, unix_permissions: Number(v.nas.unix_permissions.toString(8)) } }),
};

const nas = z.strictObject({
  path: z.string().nullable().optional(),
  security_style: z.enum(['unix', 'ntfs', 'mixed']).optional(),
  unix_permissions: z.union([z.number().int(), z.string()]).optional(),
  uid: z.number().int().min(0).optional(),
  gid: z.number().int().min(0).optional(),
  // Accepted and ignored: the lab has one export policy, "default", open to the local host.
  export_policy: z.strictObject({ name: z.string().optional() }).optional(),
});

// Fields real clients (Ansible's na_ontap_volume) send that the lab accepts without modelling.
const accepted = {
  snapshot_policy: ref.optional(),
  guarantee: z.strictObject({ type: z.enum(['volume', 'none']).optional() }).optional(),
  language: z.string().optional(),
  encryption: z.strictObject({ enabled: z.literal(false).optional() }).optional(),
  tiering: z.strictObject({ policy: z.string().optional() }).optional(),
};

const common = {
  name: z.string().optional(),
  size: z.number().int().optional(),
  space: z
    .strictObject({
      size: z.number().int().optional(),
      snapshot: z.strictObject({ reserve_percent: z.number().int().min(0).max(100).optional() }).optional(),
    })
    .optional(),
  comment: z.string().optional(),
  state: z.enum(['online', 'offline']).optional(),
  nas: nas.optional(),
  ...accepted,
};

const createBody = z.strictObject({
  ...common,
  name: z.string(),
  svm: ref.optional(),
  aggregates: z.array(ref).optional(),
  type: z.enum(['rw']).optional(),
  style: z.enum(['flexvol']).optional(),
  clone: z
    .strictObject({
      is_flexclone: z.boolean().optional(),
      parent_volume: ref.optional(),
      parent_snapshot: ref.optional(),
      parent_svm: ref.optional(),
    })
    .optional(),
});

const patchBody = z.strictObject({
  ...common,
  restore_to: z.strictObject({ snapshot: ref }).optional(),
  clone: z.strictObject({ split_initiated: z.boolean().optional() }).optional(),
});

type CommonFields = z.output<z.ZodObject<typeof common>>;

/** The model's patch from the REST fields (`unix_permissions` in any form ONTAP takes). */
function patchInput(body: CommonFields): PatchVolumeInput {
  const out: PatchVolumeInput = {};
  if (body.name !== undefined) out.name = body.name;
  const size = body.size ?? body.space?.size;
  if (size !== undefined) out.size = size;
  if (body.comment !== undefined) out.comment = body.comment;
  if (body.state !== undefined) out.state = body.state;
  if (body.nas) {
    const { path, security_style, unix_permissions, uid, gid } = body.nas;
    const n: NonNullable<PatchVolumeInput['nas']> = {};
    if (path !== undefined) n.path = path;
    if (security_style !== undefined) n.security_style = security_style;
    if (unix_permissions !== undefined) n.unix_permissions = parseUnixPermissions(unix_permissions);
    if (uid !== undefined) n.uid = uid;
    if (gid !== undefined) n.gid = gid;
    if (Object.keys(n).length) out.nas = n;
  }
  return out;
}

async function createVolume(ctx: RestContext, req: RestRequest) {
  const body = validateBody(createBody, req.body);
  const svm = svmOf(body.svm, req);
  const changes = patchInput(body);
  const clone = body.clone;
  const isClone = clone?.is_flexclone === true || clone?.parent_volume !== undefined;
  const parentVolume = clone?.parent_volume?.uuid ?? clone?.parent_volume?.name;
  if (isClone && !parentVolume)
    throw invalid('Field "clone.parent_volume.name" is required.', 'clone.parent_volume.name', MISSING_VALUE);
  const { volumes } = ctx.lab;
  return longOperation(
    ctx,
    req,
    async () => {
      let volume: Volume;
      if (isClone && parentVolume) {
        volume = await volumes.clone({
          name: body.name,
          svm,
          parentVolume,
          parentSnapshot: clone?.parent_snapshot?.uuid ?? clone?.parent_snapshot?.name,
          parentSvm: clone?.parent_svm?.uuid ?? clone?.parent_svm?.name,
          junctionPath: body.nas?.path,
          comment: body.comment,
        });
        // What a clone does not take at creation (size, permissions, state) is applied to it after.
        const later = patchInput({
          ...body,
          name: undefined,
          comment: undefined,
          nas: body.nas && { ...body.nas, path: undefined },
        });
        if (Object.keys(later).length) volume = volumes.patch(volume.uuid, later);
        return volume;
      }
      volume = await volumes.create({
        name: body.name,
        svm,
        size: changes.size,
        aggregate: body.aggregates?.[0]?.name,
        junctionPath: body.nas?.path,
        securityStyle: changes.nas?.security_style,
        unixPermissions: changes.nas?.unix_permissions,
        uid: changes.nas?.uid,
        gid: changes.nas?.gid,
        comment: body.comment,
      });
      return changes.state === 'offline' ? volumes.patch(volume.uuid, { state: 'offline' }) : volume;
    },
    { creates: true, records: (v) => [renderRecord(volumeView, v)] },
  );
}

async function patchVolume(ctx: RestContext, req: RestRequest) {
  const uuid = req.params.uuid ?? '';
  const { volumes } = ctx.lab;
  volumes.get(uuid);
  const body = validateBody(patchBody, req.body);
  const changes = patchInput(body);
  const snapshot = body.restore_to?.snapshot;
  const restoreTo = snapshot?.uuid ?? snapshot?.name;
  if (snapshot && !restoreTo)
    throw invalid('Field "restore_to.snapshot.name" is required.', 'restore_to.snapshot.name', MISSING_VALUE);
  return longOperation(
    ctx,
    req,
    async () => {
      if (Object.keys(changes).length) volumes.patch(uuid, changes);
      if (body.clone?.split_initiated) volumes.split(uuid);
      if (restoreTo) await volumes.restore(uuid, restoreTo);
      return volumes.get(uuid);
    },
    { records: (v) => [renderRecord(volumeView, v)] },
  );
}

/** Volumes, FlexClones (POST with `clone.*`, PATCH `clone.split_initiated`) and SnapRestore (PATCH `restore_to`). */
export const volumeRoutes: RestRoute[] = [
  {
    path: '/api/storage/volumes',
    methods: {
      GET: (ctx, req) => listReply(volumeView, ctx.lab.volumes.all(), req),
      POST: createVolume,
    },
  },
  {
    path: '/api/storage/volumes/{uuid}',
    methods: {
      GET: (ctx, req) => recordReply(volumeView, ctx.lab.volumes.get(req.params.uuid ?? ''), req),
      PATCH: patchVolume,
      DELETE: (ctx, req) => {
        const uuid = req.params.uuid ?? '';
        ctx.lab.volumes.get(uuid);
        return longOperation(ctx, req, () => ctx.lab.volumes.delete(uuid));
      },
    },
  },
];
