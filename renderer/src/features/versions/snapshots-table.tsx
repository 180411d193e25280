import type { SnapshotInfo } from '../../../../shared/versions';

/** "2 runs, 1 clone" for a snapshot, or "—". */
export function usedBy(s: SnapshotInfo): string {
  const parts = [
    s.runs.length ? `${s.runs.length} ${s.runs.length === 1 ? 'run' : 'runs'}` : '',
    s.runs.some((r) => r.models.length) ? `${s.runs.reduce((n, r) => n + r.models.length, 0)} models` : '',
    s.clones.length ? `${s.clones.length} ${s.clones.length === 1 ? 'clone' : 'clones'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '—';
}

/** The volume's snapshots, newest first, with what uses each and what can be done with it. */
export function SnapshotsTable({
  snapshots,
  selected,
  onSelect,
  onRestore,
  onClone,
  onDelete,
}: {
  snapshots: SnapshotInfo[];
  selected: string | null;
  onSelect(name: string): void;
  onRestore(s: SnapshotInfo): void;
  onClone(s: SnapshotInfo): void;
  onDelete(s: SnapshotInfo): void;
}) {
  if (!snapshots.length)
    return (
      <p className="empty" data-testid="no-snapshots">
        No snapshots yet: take one to keep this version of the data.
      </p>
    );
  const newestFirst = [...snapshots].reverse();
  return (
    <table className="table snapshots-table" data-testid="snapshots-table">
      <thead>
        <tr>
          <th scope="col">Snapshot</th>
          <th scope="col">Taken</th>
          <th scope="col">Comment</th>
          <th scope="col">Used by</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((s) => (
          <tr
            key={s.uuid || s.name}
            data-testid="snapshot-row"
            data-name={s.name}
            className={s.name === selected ? 'selected' : undefined}
          >
            <td>
              <button
                type="button"
                className="button-link snapshot-name"
                aria-pressed={s.name === selected}
                title="Show its lineage"
                onClick={() => onSelect(s.name)}
              >
                {s.name}
              </button>
            </td>
            <td className="nowrap">{s.createTime ? new Date(s.createTime).toLocaleString() : '—'}</td>
            <td>{s.comment || <span className="muted">—</span>}</td>
            <td data-testid="snapshot-used-by">{usedBy(s)}</td>
            <td className="row-actions">
              <button type="button" className="button-small" onClick={() => onClone(s)} data-testid="snapshot-clone">
                Clone
              </button>
              <button type="button" className="button-small" onClick={() => onRestore(s)} data-testid="snapshot-restore">
                Restore
              </button>
              <button type="button" className="button-small" onClick={() => onDelete(s)} data-testid="snapshot-delete">
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
