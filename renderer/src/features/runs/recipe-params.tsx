import type { RecipeParam } from './start-model';
import { paramText } from './start-model';

/** A recipe's parameters as a form: each prefilled with its default, its help below, its error under it. */
export function RecipeParams({
  params,
  typed,
  errors,
  onChange,
}: {
  params: readonly RecipeParam[];
  typed: Record<string, string>;
  errors: Record<string, string>;
  onChange(key: string, text: string): void;
}) {
  if (!params.length) return <p className="muted">This recipe takes no parameters.</p>;
  return (
    <div className="form-grid recipe-params" data-testid="recipe-params">
      {params.map((p) => {
        const text = typed[p.key] ?? paramText(p);
        const id = `param-${p.key}`;
        const error = errors[p.key];
        const changed = text !== paramText(p);
        return (
          <div key={p.key} className="field">
            {p.type === 'bool' ? (
              <label className="choice" htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={text === 'true'}
                  data-testid={id}
                  onChange={(e) => onChange(p.key, String(e.target.checked))}
                />
                <code>{p.key}</code>
              </label>
            ) : (
              <>
                <label htmlFor={id}>
                  <code>{p.key}</code> <span className="muted param-type">{p.type}</span>
                </label>
                <input
                  id={id}
                  value={text}
                  inputMode={p.type === 'string' ? undefined : 'decimal'}
                  spellCheck={false}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-help`}
                  data-testid={id}
                  onChange={(e) => onChange(p.key, e.target.value)}
                />
              </>
            )}
            <span className="field-help" id={`${id}-help`}>
              {p.help}
              {changed && <> (default {String(p.default)})</>}
            </span>
            {error && (
              <span className="field-error" data-testid={`${id}-error`}>
                {error}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
