import { useEffect, useRef } from 'react';
import { currentConnection, useConnections } from '../../stores/connections-store';
import { useJobs } from '../../stores/jobs-store';
import { useS3Wizard, WIZARD_STEPS } from '../../stores/s3-wizard-store';
import { StepPlan } from './step-plan';
import { StepProfile } from './step-profile';
import { StepResult } from './step-result';
import { StepRun } from './step-run';
import { StepTarget } from './step-target';

const HEADINGS = [
  'Choose the volume to serve over S3',
  'Review the plan',
  'Setting up S3',
  'Check the endpoint',
  'Your S3 profile',
];

/** The guided S3 setup: where → review → run → result → profile. #/s3-setup/<connection id> starts on that connection. */
export function S3SetupPage({ connectionId }: { connectionId: string | null }) {
  const { step, draft, reset, edit } = useS3Wizard();
  const fallback = useConnections((s) => currentConnection(s)?.id ?? null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening the wizard from another connection starts over on it, unless a run is still under way;
  // the address is read once per connection, so choosing another one in step 1 is not undone.
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!connectionId || applied.current === connectionId) return;
    applied.current = connectionId;
    const { draft: now, jobId: run } = useS3Wizard.getState();
    const runState = run ? useJobs.getState().byId[run]?.state : undefined;
    if (now.connectionId !== connectionId && runState !== 'running') reset(connectionId);
  }, [connectionId, reset]);
  useEffect(() => {
    if (!draft.connectionId && fallback) edit({ connectionId: fallback });
  }, [draft.connectionId, fallback, edit]);

  // Each step announces itself and puts keyboard focus at its top.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  return (
    <section className="page" data-testid="page-s3-setup" data-step={step} aria-labelledby="wizard-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/storage">Storage</a> › S3 setup
      </nav>
      <h1 id="page-title">Set up an S3 bucket on ONTAP</h1>
      <ol className="stepper" aria-label="Steps">
        {WIZARD_STEPS.map((label, i) => (
          <li
            key={label}
            className={i === step ? 'current' : i < step ? 'done' : undefined}
            aria-current={i === step ? 'step' : undefined}
            data-testid={`stepper-${i + 1}`}
          >
            <span className="stepper-num">{i < step ? '✓' : i + 1}</span> {label}
          </li>
        ))}
      </ol>
      <h2 id="wizard-title" ref={heading} tabIndex={-1} data-testid="wizard-title">
        {step + 1}. {HEADINGS[step]}
      </h2>
      {step === 0 && <StepTarget />}
      {step === 1 && <StepPlan />}
      {step === 2 && <StepRun />}
      {step === 3 && <StepResult />}
      {step === 4 && <StepProfile />}
      <p className="muted wizard-help">
        Something failing? <a href="#/troubleshooting">Troubleshooting</a> explains the usual causes.
      </p>
    </section>
  );
}
