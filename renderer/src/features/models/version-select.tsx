import type { Model } from '../../../../shared/models';
import { versionName } from './model-format';

/** The version a request uses: 'production' (follows the alias) or a version number. */
export type VersionChoice = 'production' | number;

/** Picks production or one version of a model. */
export function VersionSelect({
  model,
  value,
  onChange,
  testId,
}: {
  model: Model;
  value: VersionChoice;
  onChange: (v: VersionChoice) => void;
  testId: string;
}) {
  return (
    <select
      value={String(value)}
      onChange={(e) => onChange(e.target.value === 'production' ? 'production' : Number(e.target.value))}
      data-testid={testId}
    >
      <option value="production" disabled={model.productionVersion === null}>
        production ({versionName(model.productionVersion)})
      </option>
      {[...model.versions].reverse().map((v) => (
        <option key={v.version} value={v.version}>
          {versionName(v.version)} — {v.runName}
        </option>
      ))}
    </select>
  );
}

/** The `version` field of a request: absent for production. */
export function versionInput(choice: VersionChoice): { version?: number } {
  return choice === 'production' ? {} : { version: choice };
}
