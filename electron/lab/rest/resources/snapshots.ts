import { z } from 'zod';
import type { Snapshot } from '../../model/types';
import { validateBody } from '../body';
import { listReply, recordReply, renderRecord, type RecordView } from '../collection';
import { longOperation } from '../operations';
import type { RestContext, RestRequest, RestRoute } from '../types';
import { ref } from './refs';

/** Snapshots as the REST API shows them. */
export const snapshotView: RecordView<Snapshot> = {
  keys: ['uuid', 'name'],
  href: (s) => `/api/storage/volumes/${s.volume.uuid}/snapshots/${s.uuid}`,
  toRest: (s) => ({ ...s }),
};

const createBody = z.strictObject({
  name: z.string(),
  comment: z.string().optional(),
  snapmirror_label: z.string().optional(),
  expiry_time: z.string().optional(),
  // The path names the volume already; clients that repeat it are accepted.
  volume: ref.optional(),
  svm: ref.optional(),
});

const patchBody = z.strictObject({
  name: z.string().optional(),
  comment: z.string().optional(),
  expiry_time: z.string().optional(),
});

/** The volume of the path (ONTAP's "entry doesn't exist" when it is gone). */
function volumeOf(ctx: RestContext, req: RestRequest): string {
  return ctx.lab.volumes.get(req.params.volume ?? '').uuid;
}

function snapshotOf(ctx: RestContext, req: RestRequest): Snapshot {
  return ctx.lab.volumes.snapshot(volumeOf(ctx, req), req.params.uuid ?? '', 'uuid');
}

/** A volume's snapshots: list, take, rename or comment, delete (taking and deleting run as jobs). */
export const snapshotRoutes: RestRoute[] = [
  {
    path: '/api/storage/volumes/{volume}/snapshots',
    methods: {
      GET: (ctx, req) => listReply(snapshotView, ctx.lab.volumes.snapshots(volumeOf(ctx, req)), req),
      POST: (ctx, req) => {
        const volume = volumeOf(ctx, req);
        const { volume: _v, svm: _s, ...input } = validateBody(createBody, req.body);
        return longOperation(ctx, req, () => ctx.lab.volumes.createSnapshot(volume, input), {
          creates: true,
          records: (s) => [renderRecord(snapshotView, s)],
        });
      },
    },
  },
  {
    path: '/api/storage/volumes/{volume}/snapshots/{uuid}',
    methods: {
      GET: (ctx, req) => recordReply(snapshotView, snapshotOf(ctx, req), req),
      PATCH: (ctx, req) => {
        const snapshot = snapshotOf(ctx, req);
        const changes = validateBody(patchBody, req.body);
        return longOperation(ctx, req, () => ctx.lab.volumes.patchSnapshot(snapshot.volume.uuid, snapshot.uuid, changes), {
          records: (s) => [renderRecord(snapshotView, s)],
        });
      },
      DELETE: (ctx, req) => {
        const snapshot = snapshotOf(ctx, req);
        return longOperation(ctx, req, () => ctx.lab.volumes.deleteSnapshot(snapshot.volume.uuid, snapshot.uuid));
      },
    },
  },
];
