import { useEffect, useState } from 'react';
import type { S3Profile } from '../../../../shared/s3setup';
import { api } from '../../api/client';
import { CodeBlock } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useNav } from '../../stores/nav-store';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { TroubleshootLink } from '../troubleshooting/troubleshoot-link';
import { awsCliSnippet, boto3Snippet, SECRET_MASK } from './snippets';

/**
 * Step 5: the saved S3 profile and copyable client snippets. The secret key is masked until the
 * user presses Reveal; the revealed value lives only in this component's state.
 */
export function StepProfile() {
  const { result, goTo, reset } = useS3Wizard();
  const go = useNav((s) => s.go);
  const [profile, setProfile] = useState<S3Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const profileId = result?.profileId ?? null;

  useEffect(() => {
    if (!profileId) return;
    api.invoke('s3profiles.list', {}).then(
      ({ profiles }) => setProfile(profiles.find((p) => p.id === profileId) ?? null),
      (err: unknown) => setError(err),
    );
  }, [profileId]);

  const reveal = async () => {
    if (!profile) return;
    try {
      setSecret((await api.invoke('s3profiles.reveal', { id: profile.id })).secretAccessKey);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div data-testid="wizard-step-profile">
      {profile ? (
        <>
          <p className="lead">
            Saved as the S3 profile <strong data-testid="profile-name">{profile.name}</strong>: the workbench reads the bucket
            with it, and the snippets below connect to it from Python or a terminal.
          </p>
          <dl className="facts" data-testid="profile-facts">
            <dt>Endpoint</dt>
            <dd>
              <code data-testid="profile-endpoint">{profile.endpoint}</code> (path-style{profile.pathStyle ? '' : ' off'}, region{' '}
              {profile.region})
            </dd>
            <dt>Bucket</dt>
            <dd>
              <code data-testid="profile-bucket">{profile.bucket ?? '—'}</code>
            </dd>
            <dt>Access key ID</dt>
            <dd>
              <code data-testid="profile-access-key">{profile.accessKeyId}</code>
            </dd>
            <dt>Secret key</dt>
            <dd>
              {profile.hasSecret ? (
                <>
                  <code data-testid="profile-secret-mask">{SECRET_MASK}</code>{' '}
                  <span className="muted">{secret ? 'shown in the snippets below' : 'stored encrypted on this computer'}</span>{' '}
                  {secret ? (
                    <button type="button" className="button-small" data-testid="secret-hide" onClick={() => setSecret(null)}>
                      Hide
                    </button>
                  ) : (
                    <button type="button" className="button-small" data-testid="secret-reveal" onClick={() => void reveal()}>
                      Reveal
                    </button>
                  )}
                </>
              ) : (
                <span className="warn">
                  not known — <TroubleshootLink id="keys-unknown" />
                </span>
              )}
            </dd>
          </dl>
          <CodeBlock label="Python (boto3)" text={boto3Snippet(profile, secret)} testId="snippet-boto3" />
          <CodeBlock label="AWS CLI" text={awsCliSnippet(profile, secret)} testId="snippet-aws-cli" />
          {!secret && (
            <p className="muted">The snippets show the secret key masked; press Reveal to put it in them before copying.</p>
          )}
          <p className="muted">
            Some tools cannot be pointed at an endpoint other than Amazon S3. <TroubleshootLink id="custom-endpoint" />
          </p>
        </>
      ) : (
        !error && <p className="muted">Loading the profile…</p>
      )}
      <ErrorNote error={error} testId="profile-error" />
      <div className="wizard-buttons">
        <button type="button" className="button-secondary" data-testid="wiz-back" onClick={() => goTo(3)}>
          Back
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button-secondary"
          data-testid="wiz-again"
          onClick={() => reset(useS3Wizard.getState().draft.connectionId)}
        >
          Set up another bucket
        </button>
        <button type="button" className="button" data-testid="wiz-finish" onClick={() => go('storage')}>
          Done
        </button>
      </div>
    </div>
  );
}
