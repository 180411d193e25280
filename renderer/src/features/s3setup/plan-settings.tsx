import { useId } from 'react';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { bucketNameOf, bucketNameProblem } from './setup-input';

/** A labelled text box of the plan's settings, with its help and its problem under it. */
function TextSetting({
  label,
  value,
  onChange,
  help,
  problem,
  testId,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  help: string;
  problem?: string | null;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-help`}
        spellCheck={false}
      />
      <div className="field-help" id={`${id}-help`}>
        {help}
      </div>
      {problem && (
        <div className="field-error" data-testid={`${testId}-error`} role="status">
          {problem}
        </div>
      )}
    </div>
  );
}

/** The names and choices of the plan: bucket (checked as typed), object-store server, HTTP/HTTPS, user, group, policy. */
export function PlanSettings({ fieldErrors }: { fieldErrors: Record<string, string> }) {
  const { draft, edit } = useS3Wizard();
  const bucket = bucketNameOf(draft);
  const policyId = useId();
  return (
    <div className="form-grid" data-testid="plan-settings">
      <TextSetting
        label="Bucket name"
        testId="wiz-bucket"
        value={bucket}
        onChange={(v) => edit({ bucketName: v })}
        help="What S3 clients call the bucket: 3–63 lower-case letters, digits, “.” and “-”."
        problem={bucketNameProblem(bucket) ?? fieldErrors.bucketName}
      />
      <TextSetting
        label="Object-store server"
        testId="wiz-server"
        value={draft.serverName}
        onChange={(v) => edit({ serverName: v })}
        help="The SVM’s S3 server; one per SVM."
        problem={fieldErrors.serverName}
      />
      <TextSetting
        label="S3 user"
        testId="wiz-user"
        value={draft.userName}
        onChange={(v) => edit({ userName: v })}
        help="Its access key and secret key go into the profile."
        problem={fieldErrors.userName}
      />
      <TextSetting
        label="Group"
        testId="wiz-group"
        value={draft.groupName}
        onChange={(v) => edit({ groupName: v })}
        help="Gives the user the policy below."
        problem={fieldErrors.groupName}
      />
      <div className="field">
        <label htmlFor={policyId}>Policy</label>
        <select
          id={policyId}
          data-testid="wiz-policy"
          value={draft.policy}
          onChange={(e) => edit({ policy: e.target.value as typeof draft.policy })}
        >
          <option value="FullAccess">FullAccess — read and write</option>
          <option value="ReadOnlyAccess">ReadOnlyAccess — read only</option>
        </select>
      </div>
      <fieldset className="field">
        <legend>Protocols</legend>
        <label className="choice">
          <input type="checkbox" data-testid="wiz-http" checked={draft.http} onChange={(e) => edit({ http: e.target.checked })} />{' '}
          HTTP — unencrypted, usual inside a private network or VPC
        </label>
        <label className="choice">
          <input
            type="checkbox"
            data-testid="wiz-https"
            checked={draft.https}
            onChange={(e) => edit({ https: e.target.checked })}
          />{' '}
          HTTPS — encrypted; clients must trust the SVM’s certificate
        </label>
        {(fieldErrors.http || (!draft.http && !draft.https)) && (
          <div className="field-error" data-testid="wiz-http-error">
            {fieldErrors.http ?? 'enable HTTP, HTTPS or both'}
          </div>
        )}
      </fieldset>
    </div>
  );
}
