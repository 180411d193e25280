import { formatLocal, formatUtc, localZone } from './schedule-format';

// A user whose clock is on UTC would see every time twice.
const SAME_AS_UTC = ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT'].includes(localZone);

/** The next run times: UTC (how schedules run) and the user's local time beside it. */
export function NextRuns({ runs, testId }: { runs: string[]; testId: string }) {
  if (!runs.length) return <p className="muted">No upcoming runs.</p>;
  return (
    <ol className="next-runs" data-testid={testId}>
      {runs.map((iso) => (
        <li key={iso}>
          <time dateTime={iso}>{formatUtc(iso)}</time>
          {!SAME_AS_UTC && <span className="muted">{` · ${formatLocal(iso)} your time (${localZone})`}</span>}
        </li>
      ))}
    </ol>
  );
}
