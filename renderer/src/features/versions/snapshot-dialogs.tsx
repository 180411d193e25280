import { useEffect, useState } from 'react';
import { defaultSnapshotName, type RestorePreview, type SnapshotInfo } from '../../../../shared/versions';
import { api, describeError } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useVersions } from '../../stores/versions-store';
import { ChangeCounts, FileChangeList } from './file-changes';
import { Modal, TypedConfirm } from '../../shell/modal';
import { startOperation } from './versions-actions';
import { useAction } from '../../shell/use-action';

/** Runs `work`, closing on success and keeping the error on screen otherwise. */
function useSubmit(onClose: () => void) {
  const { busy, error, setError, run } = useAction();
  const submit = async (work: () => Promise<unknown>) => {
    if (await run(work)) onClose();
  };
  return { busy, error, setError, submit };
}

/** Take a snapshot: the name prefilled as `wb-<dataset>-<UTC time>`, an optional comment. */
export function CreateSnapshotDialog({ datasetName, onClose }: { datasetName: string; onClose(): void }) {
  const [name, setName] = useState(() => defaultSnapshotName(datasetName));
  const [comment, setComment] = useState('');
  const { busy, error, submit } = useSubmit(onClose);
  return (
    <Modal title="Take a snapshot" testId="create-snapshot-dialog" onClose={onClose}>
      <form
        onSubmit={(e) => (
          e.preventDefault(),
          void submit(() => startOperation('versions.createSnapshot', { name, comment: comment || undefined }))
        )}
      >
        <div className="field">
          <label htmlFor="snapshot-name">Name</label>
          <input
            id="snapshot-name"
            data-testid="snapshot-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
          <p className="field-help">Snapshots never change and copy no data; a volume keeps up to 1,023.</p>
        </div>
        <div className="field">
          <label htmlFor="snapshot-comment">Comment (optional)</label>
          <input
            id="snapshot-comment"
            data-testid="snapshot-comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy || !name.trim()} data-testid="create-snapshot-submit">
            Take snapshot
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Delete a snapshot; when runs, models or clones use it, the user types its name to confirm. */
export function DeleteSnapshotDialog({ snapshot, onClose }: { snapshot: SnapshotInfo; onClose(): void }) {
  const used = snapshot.runs.length > 0 || snapshot.clones.length > 0;
  const [typed, setTyped] = useState('');
  const [needsTyping, setNeedsTyping] = useState(used);
  const { busy, error, submit } = useSubmit(onClose);
  const run = () =>
    submit(async () => {
      try {
        await startOperation('versions.deleteSnapshot', { snapshot: snapshot.name, confirm: typed || undefined });
      } catch (err) {
        // What the table did not know yet (a run started meanwhile): ask for the typed name now.
        if (describeError(err).code === 'IN_USE') setNeedsTyping(true);
        throw err;
      }
    });
  return (
    <Modal title={`Delete snapshot ${snapshot.name}?`} testId="delete-snapshot-dialog" onClose={onClose}>
      {used ? (
        <div className="note note-warn">
          <p className="note-title">This snapshot is in use.</p>
          <ul>
            {snapshot.runs.map((r) => (
              <li key={r.id}>
                Run {r.name} read it
                {r.models.length ? ` and produced ${r.models.map((m) => `${m.name} v${m.version}`).join(', ')}` : ''}.
              </li>
            ))}
            {snapshot.clones.map((c) => (
              <li key={c.volume}>Clone {c.volume} depends on it: ONTAP refuses until the clone is split or deleted.</li>
            ))}
          </ul>
          <p>After deleting it, nobody can read the exact data those runs saw again.</p>
        </div>
      ) : (
        <p>The data only this snapshot holds is gone for good.</p>
      )}
      {needsTyping && <TypedConfirm name={snapshot.name} value={typed} onChange={setTyped} what="delete it anyway" />}
      <ErrorNote error={error} />
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          data-testid="delete-snapshot-submit"
          disabled={busy || (needsTyping && typed !== snapshot.name)}
          onClick={() => void run()}
        >
          Delete snapshot
        </button>
        <button type="button" className="button-secondary" autoFocus onClick={onClose}>
          Keep it
        </button>
      </div>
    </Modal>
  );
}

/** Restore the volume: first what will be lost (files changed since, newer snapshots), then the typed confirmation. */
export function RestoreDialog({ snapshot, onClose }: { snapshot: SnapshotInfo; onClose(): void }) {
  const target = useVersions((s) => s.target);
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [typed, setTyped] = useState('');
  const { busy, error, submit } = useSubmit(onClose);
  useEffect(() => {
    if (!target) return;
    api
      .invoke('versions.restorePreview', { ...target, snapshot: snapshot.name })
      .then(setPreview)
      .catch(setPreviewError);
  }, [target, snapshot.name]);
  const c = preview?.changesSince;
  return (
    <Modal title={`Restore ${target?.volume ?? 'the volume'} to ${snapshot.name}?`} testId="restore-dialog" onClose={onClose}>
      <p>The whole volume becomes what it was when the snapshot was taken. This cannot be undone.</p>
      <ErrorNote error={previewError} testId="restore-preview-error" />
      {!preview && !previewError && <p className="muted">Reading what will be lost…</p>}
      {preview && c && (
        <div data-testid="restore-preview">
          <h3>Files changed since the snapshot ({c.added + c.removed + c.changed})</h3>
          <ChangeCounts c={c} />
          <p className="field-help">Added files are deleted, removed files come back, changed files get their old content.</p>
          <FileChangeList files={c.files} testId="restore-files" />
          <h3>Newer snapshots ONTAP deletes ({preview.newerSnapshots.length})</h3>
          {preview.newerSnapshots.length ? (
            <ul data-testid="restore-newer">
              {preview.newerSnapshots.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None.</p>
          )}
          {preview.newerReadBy.length > 0 && (
            <div className="note note-warn" data-testid="restore-newer-runs">
              <p className="note-title">Runs read these newer snapshots.</p>
              <p>
                {preview.newerReadBy.map((r) => `${r.run} read ${r.snapshot}`).join('; ')}. After the restore, nobody can read the
                exact data those runs saw again.
              </p>
            </div>
          )}
          {preview.blockedBy.length > 0 && (
            <div className="note note-bad" role="alert">
              <p className="note-title">ONTAP will refuse this restore.</p>
              <p>
                {preview.blockedBy.map((b) => `Clone ${b.clone} depends on newer snapshot ${b.snapshot}`).join('; ')}. Split or
                delete the clone first.
              </p>
            </div>
          )}
        </div>
      )}
      <TypedConfirm name={snapshot.name} value={typed} onChange={setTyped} what="restore" />
      <ErrorNote error={error} />
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          data-testid="restore-submit"
          disabled={busy || typed !== snapshot.name}
          onClick={() => void submit(() => startOperation('versions.restore', { snapshot: snapshot.name, confirm: typed }))}
        >
          Restore
        </button>
        <button type="button" className="button-secondary" autoFocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
