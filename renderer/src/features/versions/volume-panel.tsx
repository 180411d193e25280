import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useConnections } from '../../stores/connections-store';
import { useNav } from '../../stores/nav-store';
import { useVersions } from '../../stores/versions-store';
import { refreshVersionDatasets, selectDataset } from './versions-actions';

/** The dataset picker, the volume the dataset is on (discovered or chosen), and where that volume is mounted. */
export function VolumePanel() {
  const { datasets, datasetId, target } = useVersions();
  const connections = useConnections((s) => s.list);
  const go = useNav((s) => s.go);
  const dataset = datasets.find((d) => d.datasetId === datasetId) ?? null;
  const [editing, setEditing] = useState(false);
  const connectionName = (id: string) => connections.find((c) => c.id === id)?.name ?? id;

  return (
    <section className="card versions-volume" aria-labelledby="volume-title">
      <div className="volume-row">
        <label className="field-inline">
          <span id="volume-title">Dataset</span>
          <select
            value={datasetId ?? ''}
            onChange={(e) => {
              go('versions');
              selectDataset(e.target.value);
            }}
            data-testid="versions-dataset"
          >
            {datasets.map((d) => (
              <option key={d.datasetId} value={d.datasetId}>
                {d.datasetName}
                {d.binding ? '' : ' (not on a volume)'}
              </option>
            ))}
          </select>
        </label>
        {target ? (
          <p className="volume-where" data-testid="versions-volume">
            on volume <strong>{target.volume}</strong> · SVM {target.svm} · {connectionName(target.connectionId)}
            {target.path ? ` · folder ${target.path}` : ''}
            {dataset?.bindingSource === 'discovered' && <span className="muted"> (found from its bucket)</span>}
          </p>
        ) : (
          <p className="volume-where muted">not on an ONTAP volume yet</p>
        )}
        <button
          type="button"
          className="button-secondary"
          onClick={() => setEditing(!editing)}
          data-testid="versions-edit-volume"
          aria-expanded={editing}
        >
          {editing ? 'Close' : dataset?.binding ? 'Change volume…' : 'Choose its volume…'}
        </button>
      </div>
      {dataset && !dataset.binding && !editing && (
        <p className="note note-warn">
          Snapshots need the dataset on an ONTAP volume. Choose its volume, or use the S3 setup wizard so the app can find it from
          the bucket. Runs on this dataset are pinned by their file listing instead.
        </p>
      )}
      {editing && dataset && <BindingForm datasetId={dataset.datasetId} onDone={() => setEditing(false)} />}
      {target && <MountLine />}
    </section>
  );
}

/** Choose connection, volume and folder for a dataset. */
function BindingForm({ datasetId, onDone }: { datasetId: string; onDone(): void }) {
  const connections = useConnections((s) => s.list);
  const current = useVersions((s) => s.datasets.find((d) => d.datasetId === datasetId)?.binding ?? null);
  const [connectionId, setConnectionId] = useState(current?.connectionId ?? connections[0]?.id ?? '');
  const [volumes, setVolumes] = useState<{ svm: string; volume: string; junctionPath: string | null }[]>([]);
  const [volume, setVolume] = useState(current ? `${current.svm}/${current.volume}` : '');
  const [path, setPath] = useState(current?.path ?? '');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!connectionId) return;
    setError(null);
    api
      .invoke('versions.volumes', { connectionId })
      .then((r) => setVolumes(r.volumes))
      .catch(setError);
  }, [connectionId]);
  const save = async () => {
    const [svm = '', vol = ''] = volume.split('/');
    try {
      await api.invoke('versions.bind', { datasetId, binding: { connectionId, svm, volume: vol, path } });
      await refreshVersionDatasets();
      selectDataset(datasetId);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form-grid binding-form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="binding-form">
      <div className="field">
        <label htmlFor="binding-connection">Connection</label>
        <select id="binding-connection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="binding-volume">Volume</label>
        <select id="binding-volume" value={volume} onChange={(e) => setVolume(e.target.value)} data-testid="binding-volume">
          <option value="">Choose…</option>
          {volumes.map((v) => (
            <option key={`${v.svm}/${v.volume}`} value={`${v.svm}/${v.volume}`}>
              {v.volume} ({v.svm}
              {v.junctionPath ? `, ${v.junctionPath}` : ''})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="binding-path">Dataset folder inside the volume</label>
        <input
          id="binding-path"
          value={path}
          placeholder="e.g. dataset/tyre (empty: the whole volume)"
          onChange={(e) => setPath(e.target.value)}
        />
      </div>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className="button" disabled={!volume}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Where the volume is mounted on this machine (its `.snapshot/` is read there), editable. */
function MountLine() {
  const { target, mounts, datasets, datasetId } = useVersions();
  const dataset = datasets.find((d) => d.datasetId === datasetId);
  const exact = mounts.find(
    (m) => m.connectionId === target?.connectionId && m.svm === target?.svm && m.volume === target?.volume,
  );
  const pattern = mounts.some((m) => m.connectionId === target?.connectionId && (m.svm === '*' || m.volume === '*'));
  const known =
    exact?.dir ??
    (dataset?.binding?.volume === target?.volume ? dataset?.mountDir : null) ??
    (pattern ? 'the folder set for every volume of this connection' : null);
  const [dir, setDir] = useState('');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!target) return null;
  const save = async () => {
    try {
      await api.invoke('versions.setMount', {
        connectionId: target.connectionId,
        svm: target.svm,
        volume: target.volume,
        dir: dir.trim() || null,
      });
      await refreshVersionDatasets();
      setOpen(false);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="mount-line" data-testid="mount-line">
      {known ? (
        <span className="muted">Snapshot contents are read from the volume’s mount ({known}).</span>
      ) : (
        <span className="warn">Not mounted on this machine: compare, restore preview and runs need its NFS mount folder.</span>
      )}{' '}
      <button type="button" className="button-link" onClick={() => setOpen(!open)} data-testid="mount-edit">
        {known ? 'Change mount folder' : 'Enter mount folder'}
      </button>
      {open && (
        <form className="mount-form" onSubmit={(e) => (e.preventDefault(), void save())}>
          <label htmlFor="mount-dir">NFS mount folder of {target.volume}</label>{' '}
          <input
            id="mount-dir"
            value={dir}
            placeholder={`/mnt/${target.volume}`}
            onChange={(e) => setDir(e.target.value)}
            data-testid="mount-dir"
          />{' '}
          <button type="submit" className="button-small">
            Save
          </button>
          <ErrorNote error={error} />
        </form>
      )}
    </div>
  );
}
