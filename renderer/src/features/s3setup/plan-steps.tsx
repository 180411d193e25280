import type { S3SetupPlan } from '../../../../shared/s3setup';
import { CodeBlock } from '../../shell/code-block';

type PlanStep = S3SetupPlan['steps'][number];

const ACTION_TEXT: Record<PlanStep['action'], string> = {
  create: 'Will create',
  reuse: 'Exists — reused',
  check: 'Will check',
  regenerate: 'Will issue new keys',
  blocked: 'Blocked',
};

/** Actions that change the cluster: their commands are shown open; lookups and reuses fold away. */
const CHANGES: PlanStep['action'][] = ['create', 'regenerate', 'blocked'];

/** One line that says what the plan changes: "Creates 4 things, reuses 2, checks 3". */
export function planSummary(plan: S3SetupPlan): string {
  const count = (a: PlanStep['action'][]) => plan.steps.filter((s) => a.includes(s.action)).length;
  const parts = [
    count(['create', 'regenerate']) && `${count(['create', 'regenerate'])} to create or change`,
    count(['reuse']) && `${count(['reuse'])} already there (reused as they are)`,
    count(['check']) && `${count(['check'])} checks`,
    count(['blocked']) && `${count(['blocked'])} blocked`,
  ].filter(Boolean);
  return `${plan.steps.length} steps: ${parts.join(', ')}.`;
}

/** A REST call as one would type it: method, path, then the JSON body. */
export function restText(rest: { method: string; path: string; body?: unknown }): string {
  const body = rest.body === undefined ? '' : `\n${JSON.stringify(rest.body)}`;
  return `${rest.method} ${rest.path}${body}`;
}

/** The plan as a numbered list: each step's action, why, and its exact CLI command and REST call. */
export function PlanSteps({ plan }: { plan: S3SetupPlan }) {
  return (
    <ol className="plan-steps" data-testid="plan-steps">
      {plan.steps.map((step) => (
        <li
          key={step.id}
          className={`plan-step plan-${step.action}`}
          data-testid={`plan-step-${step.id}`}
          data-action={step.action}
        >
          <div className="plan-step-head">
            <strong>{step.title}</strong>
            <span className={`badge badge-action-${step.action}`} data-testid="plan-action">
              {ACTION_TEXT[step.action]}
            </span>
          </div>
          {step.note && <p className="plan-note">{step.note}</p>}
          {(step.cli || step.rest) && (
            <details className="plan-commands" open={CHANGES.includes(step.action)}>
              <summary>Exact commands</summary>
              {step.cli && <CodeBlock label="ONTAP CLI" text={step.cli} testId="plan-cli" />}
              {step.rest && <CodeBlock label="REST API" text={restText(step.rest)} testId="plan-rest" />}
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
