import { useEffect, useState, type FormEvent } from 'react';
import type { RunStartInput } from '../../../../shared/training';
import { api, ApiError } from '../../api/client';
import { CodeBlock } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useDatasets } from '../../stores/datasets-store';
import { useNav } from '../../stores/nav-store';
import { useEnvs } from '../../stores/runs-envs-store';
import { RecipeParams } from './recipe-params';
import { refreshEnvs, refreshRecipes } from './runs-refresh';
import { useSnapshotNames } from './use-snapshot-names';
import { changedParams, defaultDatasetId, defaultEnvId, describeEnv, parseParams, splitArgs, startErrors } from './start-model';

type Device = 'auto' | 'cpu' | 'cuda';

/** Where each backend field error shows; anything else goes in the note at the bottom. */
const FIELDS = ['name', 'datasetId', 'snapshot', 'code.recipe', 'code.path', 'code.args', 'envId', 'device'];

/** Starting a run: dataset and version, code (a recipe with its parameters, or a script), environment, device, name. */
export function StartRunForm() {
  const go = useNav((s) => s.go);
  const datasets = useDatasets((s) => s.datasets);
  const { envs, recipes, recipesError, error: envsError } = useEnvs();
  const [datasetId, setDatasetId] = useState('');
  const [versionMode, setVersionMode] = useState<'new' | 'existing'>('new');
  const [snapshot, setSnapshot] = useState('');
  const [codeKind, setCodeKind] = useState<'recipe' | 'script'>('recipe');
  const [recipeId, setRecipeId] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [scriptPath, setScriptPath] = useState('');
  const [scriptArgs, setScriptArgs] = useState('');
  const [envId, setEnvId] = useState('');
  const [device, setDevice] = useState<Device>('auto');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void refreshRecipes();
    void refreshEnvs();
  }, []);
  // Defaults arrive with their lists: the sample dataset, the first recipe, the default environment.
  useEffect(() => {
    if (!datasetId && datasets.length) setDatasetId(defaultDatasetId(datasets));
  }, [datasetId, datasets]);
  useEffect(() => {
    if (!recipeId && recipes[0]) setRecipeId(recipes[0].id);
  }, [recipeId, recipes]);
  useEffect(() => {
    if (!envId && envs.length) setEnvId(defaultEnvId(envs));
  }, [envId, envs]);

  const snapshotNames = useSnapshotNames(datasetId, versionMode === 'existing');
  const recipe = recipes.find((r) => r.id === recipeId);
  const env = envs.find((e) => e.id === envId);
  const parsed = parseParams(recipe?.params ?? [], typed);
  const paramErrors: Record<string, string> = { ...parsed.errors };
  for (const [field, message] of Object.entries(errors)) {
    if (field.startsWith('params.')) paramErrors[field.slice('params.'.length)] ??= message;
  }
  const otherErrors = Object.entries(errors).filter(([f]) => !FIELDS.includes(f) && !f.startsWith('params.'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    if (codeKind === 'recipe' && Object.keys(parsed.errors).length) return;
    const input: RunStartInput = {
      datasetId,
      ...(versionMode === 'existing' ? { snapshot: snapshot.trim() } : {}),
      code:
        codeKind === 'recipe'
          ? { kind: 'recipe', recipe: recipeId }
          : { kind: 'script', path: scriptPath, args: splitArgs(scriptArgs) },
      params: codeKind === 'recipe' && recipe ? changedParams(recipe.params, parsed.values) : {},
      ...(envId ? { envId } : {}),
      device,
      ...(name.trim() ? { name: name.trim() } : {}),
    };
    setBusy(true);
    try {
      const { runId } = await api.invoke('runs.start', input);
      go('runs', runId);
    } catch (err) {
      setBusy(false);
      const byField = err instanceof ApiError ? startErrors(err) : {};
      setErrors(byField);
      if (!Object.keys(byField).some((f) => FIELDS.includes(f) || f.startsWith('params.'))) setFailure(err);
    }
  };
  const fieldError = (field: string) =>
    errors[field] ? (
      <span className="field-error" data-testid={`error-${field}`}>
        {errors[field]}
      </span>
    ) : null;

  return (
    <section className="page" data-testid="page-start-run" aria-labelledby="page-title">
      <p className="crumbs">
        <a href="#/runs">Runs</a> ›
      </p>
      <h1 id="page-title">Start a run</h1>
      <form className="start-form" aria-label="Start a run" onSubmit={(e) => void submit(e)} noValidate>
        <h2>Data</h2>
        <div className="field">
          <label htmlFor="run-dataset">Dataset</label>
          <select id="run-dataset" value={datasetId} data-testid="run-dataset" onChange={(e) => setDatasetId(e.target.value)}>
            {!datasets.length && <option value="">No dataset registered yet</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          {!datasets.length && (
            <span className="field-help">
              Register one on the <a href="#/datasets">Datasets</a> page first.
            </span>
          )}
          {fieldError('datasetId')}
        </div>
        <fieldset className="field">
          <legend>Version</legend>
          <label className="choice">
            <input
              type="radio"
              checked={versionMode === 'new'}
              data-testid="version-new"
              onChange={() => setVersionMode('new')}
            />
            A new snapshot of the data as it is now (recommended: the run is pinned to exactly what it read)
          </label>
          <label className="choice">
            <input
              type="radio"
              checked={versionMode === 'existing'}
              data-testid="version-existing"
              onChange={() => setVersionMode('existing')}
            />
            An existing snapshot, by name
          </label>
          {versionMode === 'existing' && (
            <input
              className="indent"
              value={snapshot}
              placeholder="e.g. wb-tyre-quality-20261122T101500Z"
              aria-label="Snapshot name"
              list="run-snapshot-names"
              spellCheck={false}
              data-testid="run-snapshot"
              onChange={(e) => setSnapshot(e.target.value)}
            />
          )}
          <datalist id="run-snapshot-names">
            {snapshotNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <span className="field-help">
            A dataset that is not on an ONTAP volume is pinned by its file listing instead. Snapshots are listed on the{' '}
            <a href="#/versions">Versions</a> page.
          </span>
          {fieldError('snapshot')}
        </fieldset>

        <h2>Code</h2>
        <fieldset className="field">
          <legend className="visually-hidden">What to run</legend>
          <label className="choice">
            <input
              type="radio"
              checked={codeKind === 'recipe'}
              data-testid="code-recipe"
              onChange={() => setCodeKind('recipe')}
            />
            A built-in recipe
          </label>
          <label className="choice">
            <input
              type="radio"
              checked={codeKind === 'script'}
              data-testid="code-script"
              onChange={() => setCodeKind('script')}
            />
            My own PyTorch script
          </label>
        </fieldset>
        {codeKind === 'recipe' ? (
          <>
            <div className="field">
              <label htmlFor="run-recipe">Recipe</label>
              <select id="run-recipe" value={recipeId} data-testid="run-recipe" onChange={(e) => setRecipeId(e.target.value)}>
                {recipes.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title} (v{r.version})
                  </option>
                ))}
              </select>
              {recipe && <span className="field-help">{recipe.description}</span>}
              {recipesError && <span className="field-error">{recipesError}</span>}
              {fieldError('code.recipe')}
            </div>
            {recipe && (
              <RecipeParams
                params={recipe.params}
                typed={typed}
                errors={paramErrors}
                onChange={(key, text) => setTyped({ ...typed, [key]: text })}
              />
            )}
          </>
        ) : (
          <div className="form-grid">
            <div className="field">
              <label htmlFor="run-script">Script (absolute path)</label>
              <input
                id="run-script"
                value={scriptPath}
                placeholder="/home/me/train.py"
                spellCheck={false}
                aria-invalid={errors['code.path'] ? true : undefined}
                data-testid="run-script"
                onChange={(e) => setScriptPath(e.target.value)}
              />
              <span className="field-help">It logs metrics with the small workbench SDK; its SHA-256 is recorded.</span>
              {fieldError('code.path')}
            </div>
            <div className="field">
              <label htmlFor="run-args">Arguments</label>
              <input
                id="run-args"
                value={scriptArgs}
                placeholder="--epochs 5 --lr 1e-3"
                spellCheck={false}
                data-testid="run-args"
                onChange={(e) => setScriptArgs(e.target.value)}
              />
              <span className="field-help">Split as a shell would; quote an argument with spaces.</span>
              {fieldError('code.args')}
            </div>
          </div>
        )}

        <h2>Where it runs</h2>
        <div>
          <div className="field">
            <label htmlFor="run-env">Python environment</label>
            <select id="run-env" value={envId} data-testid="run-env" onChange={(e) => setEnvId(e.target.value)}>
              {!envs.length && <option value="">{envsError ? 'Environments could not be listed' : 'Looking for Python…'}</option>}
              {envs.map((e) => (
                <option key={e.id} value={e.id}>
                  {describeEnv(e)}
                </option>
              ))}
            </select>
            <span className="field-help">
              Add another interpreter in <a href="#/settings">Settings</a>.
            </span>
            {fieldError('envId')}
          </div>
          <fieldset className="field">
            <legend>Device</legend>
            <div className="inline-choices">
              {(['auto', 'cpu', 'cuda'] as const).map((d) => (
                <label key={d} className="choice">
                  <input type="radio" checked={device === d} data-testid={`device-${d}`} onChange={() => setDevice(d)} />
                  {d === 'auto' ? 'Auto (GPU when available)' : d === 'cpu' ? 'CPU' : 'GPU (CUDA)'}
                </label>
              ))}
            </div>
            {device === 'cuda' && env && !env.cudaAvailable && (
              <span className="field-help warn">This environment’s PyTorch sees no CUDA GPU: the run would fail.</span>
            )}
            {fieldError('device')}
          </fieldset>
        </div>
        {env?.problem && (
          <div className="note note-warn" data-testid="env-problem">
            <p className="note-title">
              {env.name} cannot train: {env.problem}
            </p>
            {env.hint && <CodeBlock text={env.hint} label="Fix" />}
          </div>
        )}
        <div className="field">
          <label htmlFor="run-name">Name (optional)</label>
          <input
            id="run-name"
            value={name}
            placeholder="named after the recipe and time when empty"
            data-testid="run-name"
            onChange={(e) => setName(e.target.value)}
          />
          {fieldError('name')}
        </div>
        {otherErrors.map(([field, message]) => (
          <p key={field} className="field-error">
            {field ? `${field}: ` : ''}
            {message}
          </p>
        ))}
        <ErrorNote error={failure} testId="start-error" />
        <div className="actions">
          <button type="submit" className="button" disabled={busy || !datasetId} data-testid="run-submit">
            {busy ? 'Starting…' : 'Start run'}
          </button>
          <button type="button" className="button-secondary" onClick={() => go('runs')}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
