import { useState, type FormEvent } from 'react';
import type { LabelRule } from '../../../../shared/datasets';
import { api, fieldErrors } from '../../api/client';
import { refreshDatasets } from '../../api/datasets-refresh';
import { ErrorNote } from '../../shell/error-note';
import { ClassBars } from './class-bars';
import { labelOf, previewClasses, ruleError } from './label-preview';

const PREVIEW_ROWS = 8;

/**
 * Registers the current prefix as a dataset with a label rule; the rule's classes are previewed
 * live on the object names loaded in the browser.
 */
export function RegisterDataset({
  sourceId,
  bucket,
  prefix,
  names,
  onDone,
}: {
  sourceId: string;
  bucket: string;
  prefix: string;
  /** The loaded object keys, relative to the prefix. */
  names: string[];
  onDone(): void;
}) {
  const [name, setName] = useState(prefix.split('/').filter(Boolean).at(-1) ?? bucket);
  const [kind, setKind] = useState<LabelRule['kind']>('leading-word');
  const [pattern, setPattern] = useState('^([a-z]+)_');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const rule: LabelRule = kind === 'regex' ? { kind, pattern } : { kind };
  const regexError = ruleError(rule);
  const classes = previewClasses(rule, names);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    try {
      await api.invoke('datasets.register', { name, sourceId, bucket, prefix, labelRule: rule });
      await refreshDatasets();
      onDone();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (!Object.keys(byField).length) setFailure(err);
    }
  };
  return (
    <form className="card" data-testid="register-form" aria-label="Register a dataset" onSubmit={(e) => void submit(e)}>
      <h3>
        Register{' '}
        {bucket === '.' && !prefix ? 'this whole folder' : <code>{`${bucket === '.' ? '' : `${bucket}/`}${prefix}`}</code>} as a
        dataset
      </h3>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="register-name" />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </label>
      <fieldset className="field">
        <legend>How each image’s class (label) is read</legend>
        <label className="choice">
          <input
            type="radio"
            checked={kind === 'leading-word'}
            onChange={() => setKind('leading-word')}
            data-testid="rule-leading-word"
          />
          The file name’s leading word — <code>defective_0001.jpg</code> → <code>defective</code>
        </label>
        <label className="choice">
          <input type="radio" checked={kind === 'folder'} onChange={() => setKind('folder')} data-testid="rule-folder" />
          The folder it is in — <code>good/0001.jpg</code> → <code>good</code>
        </label>
        <label className="choice">
          <input type="radio" checked={kind === 'regex'} onChange={() => setKind('regex')} data-testid="rule-regex" />A regular
          expression; the first group in parentheses is the class
        </label>
        {kind === 'regex' && (
          <input
            className="indent"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            spellCheck={false}
            aria-label="Regular expression"
            aria-invalid={regexError ? true : undefined}
            data-testid="rule-pattern"
          />
        )}
        {regexError && <span className="field-error">{regexError}</span>}
      </fieldset>
      <div data-testid="label-preview">
        <p className="muted">
          Preview on the {names.length.toLocaleString()} file names loaded here
          {kind === 'folder' ? ' (files directly in this folder have no class folder; the summary reads the sub-folders)' : ''}:
        </p>
        {classes.length > 0 && <ClassBars classes={classes} />}
        <table className="label-preview">
          <tbody>
            {!regexError &&
              names.slice(0, PREVIEW_ROWS).map((n) => (
                <tr key={n}>
                  <td>
                    <code>{n}</code>
                  </td>
                  <td>→ {labelOf(rule, n)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={failure} testId="register-error" />
      <div className="actions">
        <button type="submit" className="button" disabled={!!regexError} data-testid="register-save">
          Register dataset
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
