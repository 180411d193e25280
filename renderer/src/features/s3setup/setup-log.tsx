import type { S3SetupLog } from '../../../../shared/s3setup';
import { WithCode } from '../../shell/with-code';
import { useSetupLog } from '../../stores/s3setup-log-store';
import { TroubleshootLink } from '../troubleshooting/troubleshoot-link';

const STEP_TITLE: Record<S3SetupLog['stepId'], string> = {
  volume: 'Volume',
  server: 'Object-store server',
  user: 'S3 user and keys',
  group: 'Group and policy',
  bucket: 'Bucket',
  interface: 'Data interface',
  'endpoint-test': 'S3 round trip',
  permissions: 'Volume permissions',
  profile: 'Profile',
};

const SYMBOL: Record<S3SetupLog['status'], string> = { running: '…', ok: '✓', reused: '↺', warning: '!', failed: '✕' };

const NO_LINES: S3SetupLog[] = [];

/** The log without "…ing" lines that a later line of the same step has answered, so each step reads once. */
export function visibleLines(lines: S3SetupLog[]): S3SetupLog[] {
  return lines.filter((line, i) => line.status !== 'running' || !lines.slice(i + 1).some((l) => l.stepId === line.stepId));
}

/** The live log of a setup run (and of the permission fix after it), line by line, with the fix and its explanation. */
export function SetupLogView({ jobIds }: { jobIds: string[] }) {
  const byJob = useSetupLog((s) => s.byJob);
  const lines = visibleLines(jobIds.flatMap((id) => byJob[id] ?? NO_LINES));
  return (
    <ol className="setup-log" data-testid="setup-log" aria-live="polite" aria-label="Setup log">
      {lines.length === 0 && <li className="muted">Starting…</li>}
      {lines.map((line, i) => (
        <li
          key={i}
          className={`log-line log-${line.status}`}
          data-testid="log-line"
          data-step={line.stepId}
          data-status={line.status}
        >
          <span className="log-symbol" aria-label={line.status}>
            {SYMBOL[line.status]}
          </span>
          <span className="log-step">{STEP_TITLE[line.stepId]}</span>
          <span className="log-message">
            <WithCode text={line.message} />
            {line.hint && (
              <span className="log-hint">
                {' '}
                <WithCode text={line.hint} />
              </span>
            )}
            {line.troubleshoot && (
              <>
                {' '}
                <TroubleshootLink id={line.troubleshoot} />
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
