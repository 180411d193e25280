import type { ConnectionTestStep } from '../../../../shared/connections';
import type { JobSnapshot } from '../../../../shared/jobs';
import { ErrorNote } from '../../shell/error-note';
import { WithCode } from '../../shell/with-code';
import { testOutcome, type ConnectionTest } from '../../stores/connection-tests-store';
import { TroubleshootLink } from '../troubleshooting/troubleshoot-link';
import { STATUS_LABEL, STEP_LABEL, STEP_TROUBLE } from './test-steps';
import { TrustBox } from './trust-box';

const OUTCOME_TEXT = {
  none: 'Starting the test…',
  running: 'Testing…',
  ok: 'Everything answered: this connection is ready.',
  warning: 'It works, with a warning below.',
  failed: 'The connection does not work yet — see the step that failed and its fix.',
  cancelled: 'The test was cancelled.',
};

/** The test's outcome from its steps and its job (a job can fail or be cancelled outside any step). */
function outcomeOf(test: ConnectionTest | null, job: JobSnapshot | null, running: boolean): keyof typeof OUTCOME_TEXT {
  const fromSteps = test ? testOutcome(test.steps) : 'none';
  if (fromSteps === 'failed' || job?.state === 'failed') return 'failed';
  if (running) return 'running';
  if (job?.state === 'cancelled') return 'cancelled';
  return fromSteps === 'none' ? 'ok' : fromSteps;
}

function StepRow({ step, connectionId, onTrusted }: { step: ConnectionTestStep; connectionId: string; onTrusted(): void }) {
  const status = STATUS_LABEL[step.status];
  return (
    <li className={`test-step test-${step.status}`} data-testid={`test-step-${step.step}`} data-status={step.status}>
      <span className="test-symbol" aria-hidden>
        {status.symbol}
      </span>
      <div className="test-body">
        <div className="test-head">
          <strong>{STEP_LABEL[step.step]}</strong> <span className="test-status">{status.text}</span>
        </div>
        <div className="test-message">
          <WithCode text={step.message} />
        </div>
        {step.hint && (
          <div className="test-hint" data-testid="test-hint">
            <strong>Fix:</strong> <WithCode text={step.hint} />
          </div>
        )}
        {(step.status === 'failed' || step.status === 'warning') && !step.trust && STEP_TROUBLE[step.step] && (
          <TroubleshootLink id={STEP_TROUBLE[step.step] as string} />
        )}
        {step.trust && <TrustBox connectionId={connectionId} trust={step.trust} onTrusted={onTrusted} />}
      </div>
    </li>
  );
}

/** A connection test as it streams: each step ok/warning/failed/skipped with its message, fix and what to trust. */
export function ConnectionTestPanel({
  connectionId,
  test,
  job,
  running,
  startError,
  onTrusted,
}: {
  connectionId: string;
  test: ConnectionTest | null;
  job: JobSnapshot | null;
  running: boolean;
  startError: unknown;
  onTrusted(): void;
}) {
  if (!test && !startError) return null;
  const outcome = outcomeOf(test, job, running);
  const stepFailed = test?.steps.some((s) => s.status === 'failed');
  return (
    <section className="test-panel" aria-label="Connection test" data-testid="test-panel" data-outcome={outcome}>
      <ErrorNote error={startError} testId="test-error" />
      {!stepFailed && job?.state === 'failed' && <ErrorNote error={job.error} testId="test-error" />}
      {test && (
        <>
          <p className={`test-outcome test-${outcome}`} data-testid="test-outcome" aria-live="polite">
            {OUTCOME_TEXT[outcome]}
          </p>
          <ol className="test-steps">
            {test.steps.map((s) => (
              <StepRow key={s.step} step={s} connectionId={connectionId} onTrusted={onTrusted} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
