import { Camera, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { SnapshotInfo } from '../../../../shared/versions';
import { ErrorNote } from '../../shell/error-note';
import { pageById } from '../../shell/pages';
import { useJobs } from '../../stores/jobs-store';
import { useNav } from '../../stores/nav-store';
import { useVersions } from '../../stores/versions-store';
import '../../styles/versions.css';
import { CloneActionDialog } from './clone-actions';
import { CloneDialog } from './clone-dialog';
import { ComparePanel } from './compare-panel';
import { LineagePanel } from './lineage-panel';
import { CreateSnapshotDialog, DeleteSnapshotDialog, RestoreDialog } from './snapshot-dialogs';
import { SnapshotsTable } from './snapshots-table';
import { openRoute, pointAt, refreshVersionDatasets, reloadVolume } from './versions-actions';
import { VolumePanel } from './volume-panel';

type Dialog =
  | { kind: 'create' }
  | { kind: 'delete' | 'restore' | 'clone'; snapshot: SnapshotInfo }
  | { kind: 'split' | 'delete-clone'; clone: string }
  | null;

/** Versions: a dataset's snapshots (take, delete, restore, clone), comparisons, lineage and clone workspaces. */
export function VersionsPage() {
  const { datasets, loaded, datasetId, target, versions, loading, error, selected } = useVersions();
  const go = useNav((s) => s.go);
  const param = useNav((s) => (s.page === 'versions' ? s.param : null));
  const [dialog, setDialog] = useState<Dialog>(null);
  const dataset = datasets.find((d) => d.datasetId === datasetId);

  useEffect(() => {
    void refreshVersionDatasets();
  }, []);
  // A link to a volume and snapshot (from a run, a model, or Back) shows it once the datasets are known.
  useEffect(() => {
    if (param && loaded) openRoute(param);
  }, [param, loaded]);

  return (
    <section className="page page-wide" data-testid="page-versions" aria-labelledby="page-title">
      <h1 id="page-title">Versions</h1>
      <p className="lead">{pageById('versions').summary}</p>
      {loaded && !datasets.length ? (
        <div className="empty" data-testid="versions-empty">
          <p>{pageById('versions').next}</p>
          <button type="button" className="button" onClick={() => go('datasets')}>
            Go to Datasets
          </button>
        </div>
      ) : (
        <>
          <VolumePanel />
          {target && (
            <>
              <div className="section-head versions-head">
                <h2>Snapshots of {target.volume}</h2>
                <span className="spacer" />
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => void reloadVolume()}
                  disabled={loading}
                  title="Read the snapshots again"
                >
                  <RefreshCw size={14} aria-hidden /> Refresh
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => setDialog({ kind: 'create' })}
                  data-testid="take-snapshot"
                >
                  <Camera size={14} aria-hidden /> Take snapshot
                </button>
              </div>
              <LastJob />
              <ErrorNote error={error} testId="versions-error" />
              {loading && !versions && <p className="muted">Reading the snapshots…</p>}
              {versions && (
                <>
                  <SnapshotsTable
                    snapshots={versions.snapshots}
                    selected={selected}
                    onSelect={pointAt}
                    onRestore={(s) => setDialog({ kind: 'restore', snapshot: s })}
                    onClone={(s) => setDialog({ kind: 'clone', snapshot: s })}
                    onDelete={(s) => setDialog({ kind: 'delete', snapshot: s })}
                  />
                  <p className="muted versions-protocol">
                    Read over {versions.protocol === 'rest' ? 'the REST API' : 'the CLI over SSH'}.
                  </p>
                  <LineagePanel
                    versions={versions}
                    onSplit={(clone) => setDialog({ kind: 'split', clone })}
                    onDeleteClone={(clone) => setDialog({ kind: 'delete-clone', clone })}
                  />
                  <ComparePanel key={`${target.svm}/${target.volume}`} snapshots={versions.snapshots} />
                </>
              )}
            </>
          )}
        </>
      )}
      {dialog?.kind === 'create' && (
        <CreateSnapshotDialog datasetName={dataset?.datasetName ?? target?.volume ?? 'dataset'} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && <DeleteSnapshotDialog snapshot={dialog.snapshot} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'restore' && <RestoreDialog snapshot={dialog.snapshot} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'clone' && target && (
        <CloneDialog volume={target.volume} snapshot={dialog.snapshot} onClose={() => setDialog(null)} />
      )}
      {(dialog?.kind === 'split' || dialog?.kind === 'delete-clone') && (
        <CloneActionDialog action={dialog.kind} clone={dialog.clone} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}

/** The outcome of the last operation started here (it is also in the Activity panel). */
function LastJob() {
  const id = useVersions((s) => s.lastJobId);
  const job = useJobs((s) => (id ? s.byId[id] : undefined));
  if (!job) return null;
  if (job.state === 'failed' && job.error) return <ErrorNote error={job.error} testId="versions-job-error" />;
  return (
    <p className={`versions-job versions-job-${job.state}`} data-testid="versions-job" role="status">
      {job.state === 'running' ? `${job.title}: ${job.message || 'working…'}` : job.message || job.title}
    </p>
  );
}
