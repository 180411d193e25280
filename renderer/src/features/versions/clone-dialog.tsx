import { useState } from 'react';
import type { SnapshotInfo } from '../../../../shared/versions';
import { fieldErrors } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { Modal } from '../../shell/modal';
import { startOperation } from './versions-actions';
import { useAction } from '../../shell/use-action';

/** A volume name ONTAP accepts, from a snapshot's: letters, digits and "_", starting with a letter. */
export function cloneNameFor(volume: string, snapshot: string): string {
  const stamp = snapshot.match(/(\d{8})T(\d{4})/);
  const base = `${volume}_${stamp ? `${stamp[1]}_${stamp[2]}` : snapshot}`.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_');
  return `${/^[A-Za-z_]/.test(base) ? base : `v_${base}`}_ws`.slice(0, 60);
}

/** Clone a snapshot into a writable volume: name, junction path and, optionally, its own NAS bucket. */
export function CloneDialog({ volume, snapshot, onClose }: { volume: string; snapshot: SnapshotInfo; onClose(): void }) {
  const [name, setName] = useState(() => cloneNameFor(volume, snapshot.name));
  const [junction, setJunction] = useState(`/${cloneNameFor(volume, snapshot.name)}`);
  const [withBucket, setWithBucket] = useState(false);
  const [bucket, setBucket] = useState(cloneNameFor(volume, snapshot.name).toLowerCase().replace(/_/g, '-'));
  const { busy, error, run } = useAction();
  const fields = fieldErrors(error);
  const submit = async () => {
    const done = await run(() =>
      startOperation('versions.clone', {
        snapshot: snapshot.name,
        name,
        junctionPath: junction.trim() || null,
        bucket: withBucket ? bucket : undefined,
      }),
    );
    if (done) onClose();
  };
  return (
    <Modal title={`Clone ${snapshot.name} into a workspace`} testId="clone-dialog" onClose={onClose}>
      <p>
        A FlexClone is a new writable volume that starts as this snapshot and shares its blocks: it takes seconds and no space
        until you change it. The original is never touched.
      </p>
      <form onSubmit={(e) => (e.preventDefault(), void submit())}>
        <div className="field">
          <label htmlFor="clone-name">Clone volume name</label>
          <input id="clone-name" data-testid="clone-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          {fields.name && <p className="field-error">{fields.name}</p>}
        </div>
        <div className="field">
          <label htmlFor="clone-junction">Junction path (where NFS clients and buckets see it)</label>
          <input
            id="clone-junction"
            data-testid="clone-junction"
            value={junction}
            onChange={(e) => setJunction(e.target.value)}
          />
          {fields.junctionPath && <p className="field-error">{fields.junctionPath}</p>}
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={withBucket}
            onChange={(e) => setWithBucket(e.target.checked)}
            data-testid="clone-with-bucket"
          />
          Also give it its own NAS bucket (S3 access to the clone)
        </label>
        {withBucket && (
          <div className="field">
            <label htmlFor="clone-bucket">Bucket name</label>
            <input id="clone-bucket" data-testid="clone-bucket" value={bucket} onChange={(e) => setBucket(e.target.value)} />
            <p className="field-help">
              The SVM’s S3 users reach it with their keys; the SVM needs an S3 server (the S3 setup wizard makes one).
            </p>
            {fields.bucket && <p className="field-error">{fields.bucket}</p>}
          </div>
        )}
        <ErrorNote error={Object.keys(fields).length ? null : error} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy || !name.trim()} data-testid="clone-submit">
            Create clone
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
