import { useState } from 'react';
import type { S3SetupResult } from '../../../../shared/s3setup';
import { api } from '../../api/client';
import { CodeBlock } from '../../shell/code-block';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { ExplainedError, TroubleshootLink } from '../troubleshooting/troubleshoot-link';
import { restText } from './plan-steps';
import { SetupLogView } from './setup-log';

/** The AccessDenied fix, shown in full (the exact REST call and CLI command) before the button that applies it. */
export function PermissionFix({ fix, running }: { fix: NonNullable<S3SetupResult['permissionFix']>; running: boolean }) {
  const { jobId, fixJobId, fixStarted } = useS3Wizard();
  const [error, setError] = useState<unknown>(null);
  const apply = async () => {
    if (!jobId) return;
    setError(null);
    try {
      fixStarted((await api.invoke('s3setup.fixPermissions', { jobId })).jobId);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="note note-warn" data-testid="permission-fix">
      <p className="note-title">The S3 user can read but not write: uploads are refused with AccessDenied.</p>
      <p>
        The bucket is a folder of the volume <code>{fix.volume}</code>, and files written over S3 belong to the S3 user’s UNIX
        identity. The volume’s UNIX permissions are <code>{fix.from}</code>, which lets only its owner write. The fix changes them
        to <code>{fix.to}</code>
        {fix.to === '777' ? ', so every user of the volume may write to its top folder' : ''} — only the volume’s own permissions
        change; no file is touched. This replaces mounting the volume over NFS and running chmod by hand.
      </p>
      <CodeBlock label="REST API" text={restText(fix.rest)} testId="fix-rest" />
      <CodeBlock label="ONTAP CLI" text={fix.cli} testId="fix-cli" />
      {fixJobId && <SetupLogView jobIds={[fixJobId]} />}
      <div className="actions">
        <button type="button" className="button" data-testid="fix-apply" disabled={running} onClick={() => void apply()}>
          {running && fixJobId ? 'Applying…' : `Apply this fix (permissions ${fix.from} → ${fix.to})`}
        </button>
        <TroubleshootLink id="access-denied" />
      </div>
      <ExplainedError error={error} testId="fix-error" />
    </div>
  );
}
