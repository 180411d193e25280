import { useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldErrors } from '../../api/client';
import { refreshSources } from '../../api/datasets-refresh';
import { ErrorNote } from '../../shell/error-note';

function Field({ label, help, error, children }: { label: string; help?: string; error?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {help && <span className="field-help">{help}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

/** Sends a form's call; field problems show under their fields, anything else as a note. */
function useSubmit(call: () => Promise<unknown>, onDone: () => void) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(null);
    try {
      await call();
      await refreshSources();
      onDone();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (!Object.keys(byField).length) setFailure(err);
    } finally {
      setSaving(false);
    }
  };
  return { errors, failure, saving, submit };
}

/** Adds an S3 endpoint by hand: URL, region, addressing, plain HTTP, key id and secret (kept encrypted, never shown). */
export function AddS3Form({ onDone }: { onDone(): void }) {
  const [v, setV] = useState({ name: '', endpoint: '', region: 'us-east-1', accessKeyId: '', secretAccessKey: '', bucket: '' });
  const [pathStyle, setPathStyle] = useState(true);
  const [allowHttp, setAllowHttp] = useState(false);
  const text = (k: keyof typeof v) => ({
    value: v[k],
    onChange: (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value }),
  });
  const { errors, failure, saving, submit } = useSubmit(
    () => api.invoke('s3profiles.add', { ...v, bucket: v.bucket.trim() || undefined, pathStyle, allowHttp }),
    onDone,
  );
  return (
    <form className="card" data-testid="add-s3-form" aria-label="Add an S3 endpoint" onSubmit={(e) => void submit(e)}>
      <h3>Add an S3 endpoint</h3>
      <p className="muted">
        An ONTAP S3 server (or any S3-compatible endpoint) and the keys of its S3 user. The S3 setup wizard on Storage fills this
        in for you.
      </p>
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          <input {...text('name')} placeholder="Lab datasets" data-testid="s3-name" autoFocus />
        </Field>
        <Field label="Endpoint URL" help="e.g. http://10.0.0.5 or https://s3.example.com:8443" error={errors.endpoint}>
          <input {...text('endpoint')} spellCheck={false} data-testid="s3-endpoint" />
        </Field>
        <Field label="Region" help="ONTAP accepts any region" error={errors.region}>
          <input {...text('region')} data-testid="s3-region" />
        </Field>
        <Field label="Bucket (optional)" help="Open this bucket directly" error={errors.bucket}>
          <input {...text('bucket')} spellCheck={false} data-testid="s3-bucket" />
        </Field>
        <Field label="Access key id" error={errors.accessKeyId}>
          <input {...text('accessKeyId')} autoComplete="off" spellCheck={false} data-testid="s3-key-id" />
        </Field>
        <Field label="Secret access key" help="Kept encrypted on this computer" error={errors.secretAccessKey}>
          <input {...text('secretAccessKey')} type="password" autoComplete="new-password" data-testid="s3-secret" />
        </Field>
      </div>
      <label className="choice">
        <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} data-testid="s3-path-style" />
        Path-style addressing (endpoint/bucket — what ONTAP expects)
      </label>
      <label className="choice">
        <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} data-testid="s3-allow-http" />
        Allow plain HTTP (unencrypted; normal for ONTAP inside your network)
      </label>
      {errors.allowHttp && <p className="field-error">{errors.allowHttp}</p>}
      <ErrorNote error={failure} testId="add-s3-error" />
      <div className="actions">
        <button type="submit" className="button" disabled={saving} data-testid="s3-save">
          {saving ? 'Saving…' : 'Add endpoint'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Adds a folder of this computer as a source (its files stay where they are). */
export function AddFolderForm({ onDone }: { onDone(): void }) {
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const { errors, failure, saving, submit } = useSubmit(
    () => api.invoke('sources.addFolder', { path, ...(name.trim() ? { name } : {}) }),
    onDone,
  );
  return (
    <form className="card" data-testid="add-folder-form" aria-label="Add a local folder" onSubmit={(e) => void submit(e)}>
      <h3>Add a local folder</h3>
      <div className="form-grid">
        <Field label="Folder path" help="An absolute path on this computer, e.g. /data/tyres" error={errors.path}>
          <input value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} data-testid="folder-path" autoFocus />
        </Field>
        <Field label="Name (optional)" error={errors.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="folder-name" />
        </Field>
      </div>
      <ErrorNote error={failure} testId="add-folder-error" />
      <div className="actions">
        <button type="submit" className="button" disabled={saving} data-testid="folder-save">
          {saving ? 'Adding…' : 'Add folder'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
