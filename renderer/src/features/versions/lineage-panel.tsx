import { ArrowRight, GitBranch } from 'lucide-react';
import type { VolumeVersions } from '../../../../shared/versions';
import { hashOf } from '../../stores/nav-store';
import { useVersions } from '../../stores/versions-store';
import { pointAt, showVolume } from './versions-actions';

/**
 * Where the shown data came from and where it went: the volume's parent when it is a clone;
 * the selected snapshot → the runs that read it → the models they produced; its clones. Every
 * name links to its place (runs and models to their pages, volumes to their versions).
 */
export function LineagePanel({
  versions,
  onSplit,
  onDeleteClone,
}: {
  versions: VolumeVersions;
  onSplit(clone: string): void;
  onDeleteClone(clone: string): void;
}) {
  const { target, selected } = useVersions();
  if (!target) return null;
  const snapshot = versions.snapshots.find((s) => s.name === selected) ?? versions.snapshots.at(-1) ?? null;
  const open = (svm: string, volume: string, snap: string | null = null) => showVolume({ ...target, svm, volume }, snap);
  return (
    <section className="card versions-lineage" aria-labelledby="lineage-title" data-testid="lineage-panel">
      <h2 id="lineage-title">Lineage</h2>
      {versions.parent && (
        <p className="lineage-parent" data-testid="lineage-parent">
          <GitBranch size={15} aria-hidden /> {target.volume} is a clone of{' '}
          <button
            type="button"
            className="button-link"
            onClick={() => open(versions.parent!.svm, versions.parent!.volume, versions.parent!.snapshot)}
            data-testid="lineage-parent-link"
          >
            {versions.parent.volume} @ {versions.parent.snapshot}
          </button>
        </p>
      )}
      {!snapshot ? (
        <p className="muted">No snapshot yet: runs started on the live data take one automatically.</p>
      ) : (
        <div className="lineage-chain" data-testid="lineage-chain">
          <div className="lineage-node">
            <span className="lineage-kind">Snapshot</span>
            <strong data-testid="lineage-snapshot">{snapshot.name}</strong>
            <span className="muted">{snapshot.createTime ? new Date(snapshot.createTime).toLocaleString() : ''}</span>
          </div>
          <ArrowRight aria-hidden className="lineage-arrow" />
          <div className="lineage-node">
            <span className="lineage-kind">Runs that read it</span>
            {snapshot.runs.length ? (
              <ul>
                {snapshot.runs.map((r) => (
                  <li key={r.id}>
                    <a href={hashOf('runs', r.id)} data-testid="lineage-run">
                      {r.name}
                    </a>{' '}
                    <span className="muted">{r.status}</span>
                    {r.models.length > 0 && (
                      <>
                        {' '}
                        → models{' '}
                        {r.models.map((m, i) => (
                          <span key={m.id}>
                            {i > 0 && ', '}
                            <a href={hashOf('models', m.id)} data-testid="lineage-model">
                              {m.name} v{m.version}
                            </a>
                          </span>
                        ))}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">No run read it.</span>
            )}
          </div>
          <ArrowRight aria-hidden className="lineage-arrow" />
          <div className="lineage-node">
            <span className="lineage-kind">Clones made from it</span>
            {snapshot.clones.length ? (
              <ul>
                {snapshot.clones.map((c) => (
                  <li key={c.volume}>
                    <button
                      type="button"
                      className="button-link"
                      onClick={() => open(c.svm, c.volume)}
                      data-testid="lineage-clone"
                    >
                      {c.volume}
                    </button>{' '}
                    <span className="muted">{c.junctionPath ?? 'not mounted'}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">None.</span>
            )}
          </div>
        </div>
      )}
      <h3>Clones of {target.volume}</h3>
      {versions.clones.length ? (
        <table className="table" data-testid="clones-table">
          <thead>
            <tr>
              <th scope="col">Clone</th>
              <th scope="col">From snapshot</th>
              <th scope="col">Junction path</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.clones.map((c) => (
              <tr key={c.volume} data-testid="clone-row" data-name={c.volume}>
                <td>
                  <button type="button" className="button-link" onClick={() => open(c.svm, c.volume)} title="Show its versions">
                    {c.volume}
                  </button>
                </td>
                <td>
                  <button type="button" className="button-link" onClick={() => pointAt(c.parentSnapshot)}>
                    {c.parentSnapshot}
                  </button>
                </td>
                <td>{c.junctionPath ?? <span className="muted">—</span>}</td>
                <td className="row-actions">
                  <button type="button" className="button-small" onClick={() => onSplit(c.volume)} data-testid="clone-split">
                    Split
                  </button>
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => onDeleteClone(c.volume)}
                    data-testid="clone-delete"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="no-clones">
          No clones: clone a snapshot for a writable copy to experiment on.
        </p>
      )}
    </section>
  );
}
