import { useState } from 'react';
import type { SnapshotInfo } from '../../../../shared/versions';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useVersions } from '../../stores/versions-store';
import { ChangeCounts, FileChangeList } from './file-changes';

const LIVE = '';

/** Compare two versions (snapshots or the live data): counts and every added, removed and changed file. */
export function ComparePanel({ snapshots }: { snapshots: SnapshotInfo[] }) {
  const { target, comparison, setComparison } = useVersions();
  const newest = snapshots.at(-1)?.name ?? LIVE;
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState(LIVE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fromValue = from ?? newest;
  const compare = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      setComparison(await api.invoke('versions.compare', { ...target, from: fromValue || null, to: to || null }));
    } catch (err) {
      setComparison(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const options = (
    <>
      <option value={LIVE}>live data (now)</option>
      {[...snapshots].reverse().map((s) => (
        <option key={s.name} value={s.name}>
          {s.name}
        </option>
      ))}
    </>
  );
  return (
    <section className="card versions-compare" aria-labelledby="compare-title" data-testid="compare-panel">
      <h2 id="compare-title">Compare two versions</h2>
      <div className="compare-pick">
        <label>
          From{' '}
          <select value={fromValue} onChange={(e) => setFrom(e.target.value)} data-testid="compare-from">
            {options}
          </select>
        </label>
        <label>
          to{' '}
          <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="compare-to">
            {options}
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => void compare()}
          disabled={busy || !target}
          data-testid="compare-run"
        >
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      <p className="field-help">Files are compared by size, then by content (SHA-256) when only the time differs.</p>
      <ErrorNote error={error} testId="compare-error" />
      {comparison && (
        <div data-testid="compare-result">
          <p>
            <strong>{comparison.from}</strong> → <strong>{comparison.to}</strong>
          </p>
          <ChangeCounts c={comparison} />
          <FileChangeList files={comparison.files} />
        </div>
      )}
    </section>
  );
}
