import { useEffect, useState, type FormEvent } from 'react';
import type { RunSummary } from '../../../../shared/training';
import { api, fieldErrors } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { NextRuns } from './next-runs';

const EXAMPLES = [
  { expression: 'rate(1 day)', meaning: 'every day, counted from when you create it' },
  { expression: 'cron(0 17 ? * MON-FRI *)', meaning: 'weekdays at 17:00 UTC' },
  { expression: 'cron(0 2 * * ? *)', meaning: 'every night at 02:00 UTC' },
  { expression: 'rate(6 hours)', meaning: 'every six hours' },
];

const METRICS = [
  { value: 'test/accuracy', label: 'Test accuracy (held-out split)' },
  { value: 'onnx/accuracy', label: 'ONNX accuracy (as served)' },
  { value: 'test/loss', label: 'Test loss (lower is better)' },
];

type Validation = { valid: boolean; error: string | null; nextRuns: string[] } | null;

/** Checks the expression as the user types (debounced), answering its next five runs or the fix. */
function useValidation(expression: string): Validation {
  const [result, setResult] = useState<Validation>(null);
  useEffect(() => {
    if (!expression.trim()) {
      setResult(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.invoke('schedules.validate', { expression }).then(
        (r) => current && setResult(r),
        () => current && setResult(null),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [expression]);
  return result;
}

/** The form that creates a schedule: when (expression) and what (retrain like a run, promote into a model). */
export function ScheduleForm({ onDone }: { onDone(): void }) {
  const [name, setName] = useState('Nightly retrain');
  const [expression, setExpression] = useState('cron(0 2 * * ? *)');
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [models, setModels] = useState<string[]>([]);
  const [templateRunId, setTemplateRunId] = useState('');
  const [modelName, setModelName] = useState('');
  const [metric, setMetric] = useState('test/accuracy');
  const [minImprovement, setMinImprovement] = useState('0');
  const [deploy, setDeploy] = useState(true);
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const validation = useValidation(expression);

  useEffect(() => {
    api.invoke('runs.list', {}).then(
      ({ runs: all }) => {
        const finished = all.filter((r) => r.status === 'finished');
        setRuns(finished);
        if (finished[0]) setTemplateRunId((id) => id || finished[0]!.id);
      },
      (err: unknown) => {
        setRuns([]);
        setLoadError(err);
      },
    );
    api.invoke('models.list', {}).then(
      ({ models: all }) => {
        setModels(all.map((m) => m.name));
        if (all[0]) setModelName((n) => n || all[0]!.name);
      },
      () => setModels([]),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    try {
      await api.invoke('schedules.create', {
        name,
        expression,
        enabled,
        pipeline: { templateRunId, modelName, metric, minImprovement: Number(minImprovement), deploy },
      });
      onDone();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (!Object.keys(byField).length) setFailure(err);
    }
  };

  const invalid = validation !== null && !validation.valid;
  return (
    <form className="card schedule-form" data-testid="schedule-form" aria-label="New schedule" onSubmit={(e) => void submit(e)}>
      <h2>New schedule</h2>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="schedule-name" />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </label>
      <div className="field">
        <label htmlFor="schedule-expression">When (UTC)</label>
        <input
          id="schedule-expression"
          className="mono"
          value={expression}
          onChange={(e) => setExpression(e.target.value)}
          aria-invalid={invalid}
          aria-describedby="expression-help"
          spellCheck={false}
          data-testid="schedule-expression"
        />
        <span id="expression-help" className="field-help">
          EventBridge syntax: <code>rate(N minutes|hours|days)</code> or{' '}
          <code>cron(minutes hours day-of-month month day-of-week year)</code> — one of day-of-month and day-of-week is{' '}
          <code>?</code>; day-of-week counts 1 = SUN … 7 = SAT.
        </span>
        <div className="examples" aria-label="Examples">
          {EXAMPLES.map((x) => (
            <button
              key={x.expression}
              type="button"
              className="button-small example"
              title={x.meaning}
              onClick={() => setExpression(x.expression)}
              data-testid={`example-${x.expression}`}
            >
              <code>{x.expression}</code> <span className="muted">{x.meaning}</span>
            </button>
          ))}
        </div>
        {invalid && (
          <span className="field-error" role="alert" data-testid="expression-error">
            {validation.error}
          </span>
        )}
        {errors.expression && <span className="field-error">{errors.expression}</span>}
        {validation?.valid && (
          <div className="next-runs-box">
            <span className="field-help">Next 5 runs</span>
            <NextRuns runs={validation.nextRuns} testId="expression-next-runs" />
          </div>
        )}
      </div>
      <fieldset className="field">
        <legend>What each run does</legend>
        <label className="field">
          <span>Retrain like this run (same recipe or script, parameters and dataset, on a new snapshot)</span>
          <select value={templateRunId} onChange={(e) => setTemplateRunId(e.target.value)} data-testid="schedule-template-run">
            {runs === null && <option value="">Loading runs…</option>}
            {runs?.length === 0 && <option value="">No finished runs yet — train one in Runs first</option>}
            {runs?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} — {r.datasetName}, {r.codeVersion}
                {r.metrics['test/accuracy'] ? `, test accuracy ${(r.metrics['test/accuracy'].last * 100).toFixed(1)}%` : ''}
              </option>
            ))}
          </select>
          {loadError !== null && <ErrorNote error={loadError} testId="runs-error" />}
        </label>
        <label className="field">
          <span>Promote into model</span>
          <input
            value={modelName}
            list="schedule-models"
            onChange={(e) => setModelName(e.target.value)}
            data-testid="schedule-model"
          />
          <datalist id="schedule-models">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <span className="field-help">A new name starts a new model; its first version becomes production.</span>
        </label>
        <div className="form-row">
          <label className="field">
            <span>Compare by</span>
            <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="schedule-metric">
              {METRICS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Promote only when better by at least</span>
            <input
              type="number"
              min={0}
              step={0.01}
              value={minImprovement}
              onChange={(e) => setMinImprovement(e.target.value)}
              data-testid="schedule-min-improvement"
            />
            <span className="field-help">In the metric’s units: 0.02 = 2 points of accuracy.</span>
          </label>
        </div>
        <label className="choice">
          <input type="checkbox" checked={deploy} onChange={(e) => setDeploy(e.target.checked)} data-testid="schedule-deploy" />
          Switch the endpoint to the new version when it serves this model (no dropped requests)
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            data-testid="schedule-enabled"
          />
          Enabled
        </label>
      </fieldset>
      <ErrorNote error={failure} testId="schedule-create-error" />
      <div className="actions">
        <button type="submit" className="button" disabled={invalid || !templateRunId} data-testid="schedule-create">
          Create schedule
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
