import type { versionMethods } from '../../../shared/versions';
import type { Handlers } from '../contract/dispatch';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import type { S3Profile } from '../../../shared/s3setup';
import { bucketsOfClone, forgetCloneProfiles, saveCloneProfile } from './clone-profile';
import { checkSnapshotName, VersionService, type VolumeRef } from './version-service';

type VersionMethods = Pick<Handlers, keyof typeof versionMethods>;

const where = (r: VolumeRef) => `${r.svm}/${r.volume}`;

/** Snapshots, restore, clones, compare and lineage of dataset versions. */
export function versionHandlers(ctx: ServiceContext): VersionMethods {
  const service = new VersionService(ctx);
  const changed = (r: VolumeRef) =>
    ctx.bus.publish('versions.changed', { connectionId: r.connectionId, svm: r.svm, volume: r.volume });

  /** Starts a cluster change as a job; `versions.changed` follows whether it worked or not (the list may have moved). */
  const job = (
    ref: VolumeRef,
    kind: string,
    title: string,
    steps: number,
    work: (step: (message: string) => void, signal: AbortSignal, onJob: (message: string) => void) => Promise<string>,
  ) => ({
    jobId: ctx.jobs.start({
      kind,
      title,
      unit: 'steps',
      total: steps,
      run: async (j) => {
        let done = 0;
        const step = (message: string) => j.progress({ done: done++, total: steps, message });
        try {
          // ONTAP's own job state (REST 202 polling) shows under the current step without advancing it.
          const message = await work(step, j.signal, (line) => j.progress({ message: line }));
          j.progress({ done: steps, total: steps, message });
        } finally {
          changed(ref);
        }
      },
    }),
  });

  return {
    'versions.datasets': async () => ({ datasets: await service.list(), mounts: await service.store.mounts() }),
    'versions.bind': async ({ datasetId, binding }) => {
      const dataset = await service.datasets.get(datasetId);
      if (binding) ctx.connections.get(binding.connectionId); // NOT_FOUND for a connection that does not exist
      await service.store.setBinding(dataset.id, binding);
      const found = (await service.list()).find((d) => d.datasetId === dataset.id);
      return found!;
    },
    'versions.setMount': async ({ dir, ...volume }) => {
      ctx.connections.get(volume.connectionId);
      return { mounts: await service.store.setMount(volume, dir) };
    },
    'versions.volumes': async ({ connectionId, protocol }) =>
      service.cluster({ connectionId, protocol }, undefined, async (api) => ({
        volumes: (await api.volumes()).map((v) => ({ svm: v.svm, volume: v.name, junctionPath: v.junctionPath })),
      })),
    'versions.snapshots': async (ref) => service.versions(ref),
    'versions.createSnapshot': async ({ name, comment, ...ref }) =>
      job(ref, 'versions.snapshot', `Take snapshot ${name} of ${where(ref)}`, 1, async (step, signal, onJob) => {
        step(`Taking snapshot ${name}…`);
        await service.cluster(ref, signal, (api) =>
          api.createSnapshot(ref.svm, ref.volume, { name, comment }, { signal, onJob }),
        );
        return `Snapshot ${name} taken`;
      }),
    'versions.deleteSnapshot': async ({ snapshot, confirm, ...ref }) => {
      checkSnapshotName(snapshot);
      const uses = await service.dependents(ref, snapshot);
      const used = [
        ...uses.runs.map((n) => `run ${n}`),
        ...uses.models.map((n) => `model ${n}`),
        ...uses.clones.map((n) => `clone ${n}`),
      ];
      if (used.length && confirm !== snapshot)
        throw new WorkbenchError('IN_USE', `Snapshot ${snapshot} is used by ${used.join(', ')}.`, {
          hint: uses.clones.length
            ? 'Split or delete the clone first: ONTAP keeps a snapshot a clone depends on.'
            : `Deleting it loses the exact data those runs read. To delete it anyway, type its name (${snapshot}) to confirm.`,
          details: uses,
        });
      return job(
        ref,
        'versions.deleteSnapshot',
        `Delete snapshot ${snapshot} of ${where(ref)}`,
        1,
        async (step, signal, onJob) => {
          step(`Deleting snapshot ${snapshot}…`);
          await service.cluster(ref, signal, (api) => api.deleteSnapshot(ref.svm, ref.volume, snapshot, { signal, onJob }));
          return `Snapshot ${snapshot} deleted`;
        },
      );
    },
    'versions.restorePreview': async ({ snapshot, ...ref }) => service.restorePreview(ref, checkSnapshotName(snapshot)),
    'versions.restore': async ({ snapshot, confirm, ...ref }) => {
      if (confirm !== snapshot)
        throw new WorkbenchError('INVALID_INPUT', `Type the snapshot’s name (${snapshot}) to confirm the restore.`, {
          hint: 'A restore discards every change made since the snapshot and deletes the newer snapshots.',
        });
      return job(ref, 'versions.restore', `Restore ${where(ref)} to ${snapshot}`, 1, async (step, signal, onJob) => {
        step(`Restoring ${ref.volume} to ${snapshot}…`);
        await service.cluster(ref, signal, (api) => api.restoreSnapshot(ref.svm, ref.volume, snapshot, { signal, onJob }));
        return `${ref.volume} restored to ${snapshot}`;
      });
    },
    'versions.clone': async ({ snapshot, name, junctionPath, bucket, ...ref }) => {
      if (bucket && !junctionPath)
        throw new WorkbenchError('INVALID_INPUT', 'A NAS bucket needs the clone’s junction path.', {
          hint: 'Give the clone a junction path (e.g. /tyre_experiment), or leave the bucket out.',
        });
      let profile: S3Profile | null = null;
      return job(
        ref,
        'versions.clone',
        `Clone ${snapshot} of ${where(ref)} as ${name}`,
        bucket ? 2 : 1,
        async (step, signal, onJob) => {
          await service.cluster(ref, signal, async (api) => {
            step(`Creating clone ${name} from ${snapshot}…`);
            await api.createClone(
              { svm: ref.svm, name, parentVolume: ref.volume, parentSnapshot: snapshot, junctionPath },
              { signal, onJob },
            );
            if (bucket && junctionPath) {
              step(`Creating NAS bucket ${bucket} on ${junctionPath}…`);
              if (!(await api.s3Service(ref.svm, { signal })))
                throw new WorkbenchError(
                  'ONTAP_ERROR',
                  `Clone ${name} was created, but SVM ${ref.svm} has no S3 server for bucket ${bucket}.`,
                  {
                    hint: 'Run the S3 setup wizard on this SVM, choosing the clone’s junction path as the bucket’s NAS path.',
                  },
                );
              await api.createNasBucket(ref.svm, { name: bucket, nasPath: junctionPath }, { signal });
              profile = await saveCloneProfile(ctx, api, {
                connectionId: ref.connectionId,
                svm: ref.svm,
                bucket,
                clone: name,
                signal,
              });
            }
          });
          if (!bucket) return `Clone ${name} created`;
          return profile
            ? `Clone ${name} created at ${junctionPath} with bucket ${bucket}; its S3 source "${profile.name}" is on the Datasets page`
            : `Clone ${name} created at ${junctionPath} with bucket ${bucket} (no saved S3 keys for ${ref.svm}: run the S3 setup wizard to browse it)`;
        },
      );
    },
    'versions.splitClone': async ({ clone, ...ref }) =>
      job(ref, 'versions.splitClone', `Split clone ${clone} from its parent`, 1, async (step, signal, onJob) => {
        step(`Splitting ${clone}…`);
        await service.cluster(ref, signal, (api) => api.splitClone(ref.svm, clone, { signal, onJob }));
        return `Clone ${clone} split: it no longer depends on its parent snapshot`;
      }),
    'versions.deleteClone': async ({ clone, confirm, ...ref }) => {
      if (confirm !== clone)
        throw new WorkbenchError('INVALID_INPUT', `Type the clone’s name (${clone}) to confirm deleting it.`, {
          hint: 'Deleting a clone deletes every file written to it.',
        });
      return job(ref, 'versions.deleteClone', `Delete clone ${clone}`, 1, async (step, signal, onJob) => {
        step(`Deleting ${clone}…`);
        const buckets = await service.cluster(ref, signal, async (api) => {
          const shown = await bucketsOfClone(api, ref.svm, clone, signal);
          // A NAS bucket into a deleted volume would stay listed and answer nothing: it goes first.
          for (const bucket of shown) {
            onJob(`Deleting bucket ${bucket} of ${clone}…`);
            await api.deleteBucket(ref.svm, bucket, { signal, onJob });
          }
          onJob(`Deleting volume ${clone}…`);
          await api.deleteVolume(ref.svm, clone, { signal, onJob });
          return shown;
        });
        const forgotten = await forgetCloneProfiles(ctx, { connectionId: ref.connectionId, buckets });
        const withBuckets = buckets.length ? ` with its bucket${buckets.length > 1 ? 's' : ''} ${buckets.join(', ')}` : '';
        return `Clone ${clone} deleted${withBuckets}${forgotten ? ', and its saved S3 source' : ''}`;
      });
    },
    'versions.compare': async ({ from, to, ...ref }) => service.compare(ref, from, to),
  };
}
