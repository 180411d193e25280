import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { S3SetupPlan } from '../../../../shared/s3setup';
import { api, fieldErrors } from '../../api/client';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { ExplainedError, TroubleshootLink } from '../troubleshooting/troubleshoot-link';
import { PlanSettings } from './plan-settings';
import { planSummary, PlanSteps } from './plan-steps';
import { bucketNameOf, bucketNameProblem, setupInputOf } from './setup-input';
import { WizardButtons } from './wizard-buttons';

const SETTING_FIELDS = ['bucketName', 'serverName', 'userName', 'groupName', 'http'];
const PLAN_DELAY_MS = 250;

/** Step 2: the names and choices, and the plan the backend derives from them, before anything runs. */
export function StepPlan() {
  const { draft, edit, goTo, started } = useS3Wizard();
  const [plan, setPlan] = useState<S3SetupPlan | null>(null);
  const [planError, setPlanError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const asked = useRef(0);
  const ready = setupInputOf(draft);
  const input = 'input' in ready ? ready.input : null;
  const valid = input !== null && !bucketNameProblem(bucketNameOf(draft)) && (draft.http || draft.https);
  const key = valid ? JSON.stringify(input) : null;

  // Ask for a fresh plan when the choices change (once typing pauses: each plan reads the cluster);
  // an older answer arriving late is dropped.
  useEffect(() => {
    const ask = ++asked.current;
    if (!key) {
      setLoading(false);
      return;
    }
    setLoading(true);
    const settle = (next: S3SetupPlan | null, err: unknown) => {
      if (ask !== asked.current) return;
      setPlan(next);
      setPlanError(err);
      setLoading(false);
    };
    const timer = setTimeout(() => {
      api.invoke('s3setup.plan', JSON.parse(key)).then(
        (p) => settle(p, null),
        (err: unknown) => settle(null, err),
      );
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);

  const planFields = fieldErrors(planError);
  // Problems with a field of this step show under it; anything else (a volume, the connection) shows as a note.
  const inFields = Object.keys(planFields).length > 0 && Object.keys(planFields).every((f) => SETTING_FIELDS.includes(f));
  const userStep = plan?.steps.find((s) => s.id === 'user');
  const keysChoice = draft.regenerateKeys || userStep?.action === 'blocked' || userStep?.action === 'regenerate';
  const blocked = plan?.steps.filter((s) => s.action === 'blocked') ?? [];
  const canRun = valid && plan !== null && !loading && blocked.length === 0;

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!canRun || !input) return;
    setStarting(true);
    setRunError(null);
    try {
      started((await api.invoke('s3setup.run', input)).jobId);
    } catch (err) {
      setRunError(err);
    } finally {
      setStarting(false);
    }
  };

  return (
    <form onSubmit={(e) => void run(e)} data-testid="wizard-step-plan" aria-label="Review the plan">
      <PlanSettings fieldErrors={planFields} />
      {keysChoice && (
        <div className="note note-warn" data-testid="keys-choice">
          <p className="note-title">The S3 user “{draft.userName}” already exists, and its secret key is not known here.</p>
          <p>
            ONTAP shows a secret key only once, when the user is created. To get a working profile, the wizard can issue new keys
            for this user — but any program still using the old keys will stop working. Or type another user name above.
          </p>
          <label className="choice">
            <input
              type="checkbox"
              data-testid="wiz-regenerate"
              checked={draft.regenerateKeys}
              onChange={(e) => edit({ regenerateKeys: e.target.checked })}
            />
            Issue new keys for “{draft.userName}” (old keys stop working)
          </label>
          <TroubleshootLink id="keys-unknown" />
        </div>
      )}
      <h3>
        What the wizard will do{' '}
        {loading && (
          <span className="muted" data-testid="plan-loading">
            · updating…
          </span>
        )}
      </h3>
      <p className="muted">
        Steps that already exist on the cluster are reused, never duplicated or overwritten. Every command can be copied and run
        by hand.
      </p>
      <ExplainedError error={inFields ? null : planError} testId="plan-error" />
      {plan && (
        <>
          {plan.warnings.map((w) => (
            <p key={w} className="note note-warn" data-testid="plan-warning">
              {w}
            </p>
          ))}
          <p data-testid="plan-summary">{planSummary(plan)}</p>
          <PlanSteps plan={plan} />
          {blocked.length > 0 && (
            <p className="error" data-testid="plan-blocked">
              {blocked.length === 1 ? 'One step is blocked' : `${blocked.length} steps are blocked`}:{' '}
              {blocked.map((b) => b.note ?? b.title).join(' ')}
            </p>
          )}
        </>
      )}
      <ExplainedError error={runError} testId="run-error" />
      <WizardButtons back={() => goTo(0)} nextLabel="Run these steps" nextDisabled={!canRun} busy={starting} />
    </form>
  );
}
