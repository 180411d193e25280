import { useState } from 'react';
import { api } from '../../api/client';
import { refreshCache } from '../../api/datasets-refresh';
import { formatBytes } from '../../shell/bytes';
import { ErrorNote } from '../../shell/error-note';
import { useDatasets } from '../../stores/datasets-store';
import { CacheGauge } from './cache-gauge';
import { formatDate } from './rows';

/** The local cache of dataset versions: the gauge, each cached version with Uncache, and the size limit. */
export function CachePanel() {
  const cache = useDatasets((s) => s.cache);
  const [error, setError] = useState<unknown>(null);
  const [limit, setLimit] = useState('');
  const uncache = async (versionId: string) => {
    setError(null);
    try {
      await api.invoke('cache.remove', { versionId });
      await refreshCache();
    } catch (err) {
      setError(err);
    }
  };
  const saveLimit = async () => {
    const gib = Number(limit);
    if (!limit.trim() || !Number.isFinite(gib) || gib < 0) return setError(new Error('Enter the limit in GiB, e.g. 50.'));
    setError(null);
    try {
      useDatasets
        .getState()
        .setCache(
          await api.invoke('cache.setLimits', { maxBytes: Math.round(gib * 1024 ** 3), expiryHours: cache?.expiryHours ?? 24 }),
        );
      setLimit('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card cache-panel" data-testid="cache-panel" aria-labelledby="cache-title">
      <h2 id="cache-title">Local cache</h2>
      <p className="muted">
        A dataset version cached here is a verified local copy that runs read instead of the network; every run fills the cache
        with the snapshot it pins before training starts. A version is used only once complete, shared by every run, and dropped
        when the limit is reached or it goes unused.
      </p>
      {cache ? <CacheGauge status={cache} /> : <p className="muted">Reading the cache…</p>}
      {cache && cache.versions.length === 0 && (
        <p className="muted" data-testid="cache-empty">
          Nothing cached yet: press <strong>Cache locally</strong> on a dataset from an S3 source.
        </p>
      )}
      {cache && cache.versions.length > 0 && (
        <table className="table" data-testid="cache-versions">
          <thead>
            <tr>
              <th>Version</th>
              <th className="num">Files</th>
              <th className="num">Size</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cache.versions.map((v) => (
              <tr key={v.id} data-testid="cache-version" data-complete={v.complete}>
                <td>
                  <code>
                    {v.bucket}/{v.prefix}
                  </code>
                  <div className="muted">
                    {v.endpoint}
                    {!v.complete && ' · incomplete, not used until filled'}
                  </div>
                </td>
                <td className="num">{v.files.toLocaleString()}</td>
                <td className="num">{formatBytes(v.bytes)}</td>
                <td>{formatDate(v.lastUsed)}</td>
                <td>
                  <button type="button" className="button-small" onClick={() => void uncache(v.id)} data-testid="cache-uncache">
                    Uncache
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cache && (
        <div className="actions">
          <label htmlFor="cache-limit">Size limit (GiB)</label>
          <input
            id="cache-limit"
            className="limit-input"
            inputMode="decimal"
            placeholder={cache.maxBytes ? (cache.maxBytes / 1024 ** 3).toFixed(0) : 'none'}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            data-testid="cache-limit"
          />
          <button type="button" className="button-secondary" onClick={() => void saveLimit()} disabled={!limit.trim()}>
            Set limit
          </button>
        </div>
      )}
      <ErrorNote error={error} testId="cache-error" />
    </section>
  );
}
