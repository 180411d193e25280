import type { CacheStatus } from '../../../../shared/transfers';
import { formatBytes } from '../../shell/bytes';

/** Used / limit / disk free as one bar: the used part filled, the limit marked, and the numbers in words. */
export function CacheGauge({ status }: { status: CacheStatus }) {
  const { usedBytes, maxBytes, diskFreeBytes } = status;
  // The scale is the limit, or what the disk can still hold when that is less.
  const scale = Math.max(1, Math.min(maxBytes || Infinity, usedBytes + diskFreeBytes));
  const used = Math.min(1, usedBytes / scale);
  const tight = maxBytes > 0 && diskFreeBytes + usedBytes < maxBytes;
  return (
    <div className="cache-gauge" data-testid="cache-gauge">
      <div
        className="gauge-bar"
        role="meter"
        aria-label="Cache used"
        aria-valuemin={0}
        aria-valuemax={scale}
        aria-valuenow={usedBytes}
        aria-valuetext={`${formatBytes(usedBytes)} of ${formatBytes(scale)}`}
      >
        <div className="gauge-used" style={{ width: `${(used * 100).toFixed(1)}%` }} />
      </div>
      <p className="gauge-text">
        <strong data-testid="cache-used">{formatBytes(usedBytes)}</strong> used of a{' '}
        <strong>{maxBytes ? formatBytes(maxBytes) : 'unlimited'}</strong> limit ·{' '}
        <span className={tight ? 'warn' : undefined}>{formatBytes(diskFreeBytes)} free on this disk</span> · unused versions are
        dropped after {status.expiryHours} h
      </p>
      {tight && <p className="warn">The disk has less room than the cache limit: the disk fills before the limit is reached.</p>}
    </div>
  );
}
