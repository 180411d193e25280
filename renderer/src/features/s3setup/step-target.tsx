import { useEffect, useId, type FormEvent } from 'react';
import { refreshDiscovery } from '../../api/events-adapter';
import { formatBytes, SIZE_UNITS, type SizeUnit } from '../../shell/bytes';
import { useConnections } from '../../stores/connections-store';
import { discoveryOf, useDiscovery } from '../../stores/discovery-store';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { ExplainedError } from '../troubleshooting/troubleshoot-link';
import { defaultsFor, junctionPathOf, setupInputOf } from './setup-input';
import { WizardButtons } from './wizard-buttons';

/** Step 1: which connection, SVM and volume the bucket will serve (or a new volume to create). */
export function StepTarget() {
  const { draft, edit, goTo } = useS3Wizard();
  const connections = useConnections((s) => s.list);
  const entry = useDiscovery((s) => discoveryOf(s, draft.connectionId));
  const ids = { conn: useId(), svm: useId(), vol: useId(), name: useId(), size: useId(), path: useId() };
  const data = entry.data;

  // Read the chosen cluster once, then fill in the sensible first SVM and volume.
  useEffect(() => {
    if (draft.connectionId && !useDiscovery.getState().byConnection[draft.connectionId])
      void refreshDiscovery(draft.connectionId);
  }, [draft.connectionId]);
  useEffect(() => {
    if (!data) return;
    const d = defaultsFor(data, draft.svm);
    const volumeKnown = data.volumes.some((v) => v.svm === d.svm && v.name === draft.volume);
    if (d.svm !== draft.svm || (!volumeKnown && draft.volume !== d.volume))
      edit({ svm: d.svm, volume: volumeKnown ? draft.volume : d.volume });
  }, [data, draft.svm, draft.volume, edit]);

  const ready = setupInputOf(draft);
  const next = (event: FormEvent) => {
    event.preventDefault();
    if ('input' in ready) goTo(1);
  };
  const volumes = data?.volumes.filter((v) => v.svm === draft.svm) ?? [];
  return (
    <form onSubmit={next} data-testid="wizard-step-target" aria-label="Where the bucket goes">
      <p className="muted">
        A NAS bucket makes the files of a volume readable and writable over S3 — the same files you see over NFS. Pick the volume
        that holds (or will hold) your dataset.
      </p>
      <div className="field">
        <label htmlFor={ids.conn}>Connection</label>
        <select
          id={ids.conn}
          data-testid="wiz-connection"
          value={draft.connectionId ?? ''}
          onChange={(e) => edit({ connectionId: e.target.value || null, svm: null, volume: null })}
        >
          <option value="">Choose a connection…</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.host})
            </option>
          ))}
        </select>
      </div>
      {entry.loading && (
        <p className="muted" data-testid="wiz-discovering">
          Reading the cluster…
        </p>
      )}
      <ExplainedError error={entry.error} testId="wiz-discovery-error" />
      {entry.error && (
        <p>
          <a href="#/storage">Test this connection on the Storage page</a> to see which step fails.
        </p>
      )}
      {data && (
        <>
          <div className="field">
            <label htmlFor={ids.svm}>SVM (storage virtual machine)</label>
            <select
              id={ids.svm}
              data-testid="wiz-svm"
              value={draft.svm ?? ''}
              onChange={(e) => edit({ svm: e.target.value, volume: null })}
            >
              {data.svms.map((s) => (
                <option key={s.uuid} value={s.name}>
                  {s.name}
                  {s.state !== 'running' ? ` (${s.state})` : ''}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>Volume</legend>
            <label className="choice">
              <input
                type="radio"
                name="volume-mode"
                data-testid="wiz-volume-existing"
                checked={draft.volumeMode === 'existing'}
                onChange={() => edit({ volumeMode: 'existing' })}
              />
              Use an existing volume
            </label>
            {draft.volumeMode === 'existing' && (
              <div className="indent">
                <label htmlFor={ids.vol} className="visually-hidden">
                  Existing volume
                </label>
                <select
                  id={ids.vol}
                  data-testid="wiz-volume"
                  value={draft.volume ?? ''}
                  onChange={(e) => edit({ volume: e.target.value })}
                >
                  {volumes.length === 0 && <option value="">No volumes on this SVM</option>}
                  {volumes.map((v) => (
                    <option key={v.uuid} value={v.name} disabled={!v.junctionPath}>
                      {v.name} — {v.junctionPath ?? 'not mounted (a NAS bucket needs a junction path)'} · {formatBytes(v.used)}{' '}
                      used of {formatBytes(v.size)}
                      {v.isClone ? ' · FlexClone' : ''}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <label className="choice">
              <input
                type="radio"
                name="volume-mode"
                data-testid="wiz-volume-create"
                checked={draft.volumeMode === 'create'}
                onChange={() => edit({ volumeMode: 'create' })}
              />
              Create a new volume
            </label>
            {draft.volumeMode === 'create' && (
              <div className="indent form-grid">
                <div className="field">
                  <label htmlFor={ids.name}>Name</label>
                  <input
                    id={ids.name}
                    data-testid="wiz-new-name"
                    value={draft.newVolume.name}
                    onChange={(e) => edit({ newVolume: { ...draft.newVolume, name: e.target.value } })}
                    spellCheck={false}
                  />
                </div>
                <div className="field">
                  <label htmlFor={ids.size}>Size</label>
                  <div className="inline">
                    <input
                      id={ids.size}
                      data-testid="wiz-new-size"
                      inputMode="decimal"
                      value={draft.newVolume.size}
                      onChange={(e) => edit({ newVolume: { ...draft.newVolume, size: e.target.value } })}
                    />
                    <select
                      aria-label="Size unit"
                      data-testid="wiz-new-unit"
                      value={draft.newVolume.unit}
                      onChange={(e) => edit({ newVolume: { ...draft.newVolume, unit: e.target.value as SizeUnit } })}
                    >
                      {Object.keys(SIZE_UNITS).map((u) => (
                        <option key={u}>{u}</option>
                      ))}
                    </select>
                  </div>
                </div>
                <div className="field">
                  <label htmlFor={ids.path}>Junction path</label>
                  <input
                    id={ids.path}
                    data-testid="wiz-new-path"
                    value={junctionPathOf(draft)}
                    onChange={(e) => edit({ newVolume: { ...draft.newVolume, junctionPath: e.target.value } })}
                    spellCheck={false}
                  />
                  <div className="field-help">Where the volume appears in the SVM’s namespace (and over NFS).</div>
                </div>
              </div>
            )}
          </fieldset>
        </>
      )}
      {'missing' in ready && data && (
        <p className="muted" data-testid="wiz-missing">
          {ready.missing}
        </p>
      )}
      <WizardButtons back={null} nextLabel="Next: review the plan" nextDisabled={!('input' in ready) || !data} />
    </form>
  );
}
