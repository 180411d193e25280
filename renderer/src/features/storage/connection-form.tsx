import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Connection } from '../../../../shared/connections';
import { api, fieldErrors } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useConnections } from '../../stores/connections-store';

type Field = 'name' | 'host' | 'restPort' | 'sshPort' | 'username' | 'password' | 'protocol';

interface Values {
  name: string;
  host: string;
  restPort: string;
  sshPort: string;
  username: string;
  password: string;
  protocol: 'rest' | 'ssh';
}

const NEW: Values = { name: '', host: '', restPort: '443', sshPort: '22', username: 'fsxadmin', password: '', protocol: 'rest' };

function valuesOf(c: Connection): Values {
  // The password is never pre-filled: the renderer does not have it, and empty means "keep".
  return {
    name: c.name,
    host: c.host,
    restPort: String(c.restPort),
    sshPort: String(c.sshPort),
    username: c.username,
    password: '',
    protocol: c.protocol,
  };
}

/** A port as typed; an empty box sends nothing so the default applies, anything else goes to the backend to judge. */
const port = (text: string) => (text.trim() === '' ? undefined : Number(text));

function Row({
  field,
  label,
  help,
  error,
  children,
}: {
  field: Field;
  label: string;
  help?: string;
  error?: string;
  children(id: string, describedBy: string): ReactNode;
}) {
  const id = useId();
  const describedBy = `${id}-help ${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {help && (
        <div className="field-help" id={`${id}-help`}>
          {help}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`} data-testid={`conn-error-${field}`}>
          {error}
        </div>
      )}
    </div>
  );
}

/** Adds a connection or edits one; each problem the backend finds shows under its field. */
export function ConnectionForm({ editing, onDone }: { editing: Connection | null; onDone(saved: Connection | null): void }) {
  const [v, setV] = useState<Values>(editing ? valuesOf(editing) : NEW);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (field: keyof Values) => (e: { target: { value: string } }) => setV({ ...v, [field]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(null);
    const fields = {
      name: v.name,
      host: v.host,
      restPort: port(v.restPort),
      sshPort: port(v.sshPort),
      username: v.username,
      protocol: v.protocol,
    };
    try {
      const saved = editing
        ? await api.invoke('connections.update', { id: editing.id, ...fields, ...(v.password ? { password: v.password } : {}) })
        : await api.invoke('connections.add', { ...fields, password: v.password });
      useConnections.getState().put(saved);
      onDone(saved);
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (!Object.keys(byField).length) setFailure(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="card conn-form"
      data-testid="conn-form"
      onSubmit={(e) => void submit(e)}
      aria-label={editing ? `Edit ${editing.name}` : 'Add a connection'}
    >
      <h2>{editing ? `Edit “${editing.name}”` : 'Add a connection'}</h2>
      <p className="muted">
        The management address of an ONTAP cluster or SVM: on Amazon FSx for NetApp ONTAP, the file system’s or SVM’s “Management”
        DNS name or IP address; on premises, the cluster management LIF.
      </p>
      <div className="form-grid">
        <Row field="name" label="Name" error={errors.name}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-name"
              value={v.name}
              onChange={set('name')}
              placeholder="FSx production"
              autoFocus
            />
          )}
        </Row>
        <Row field="host" label="Management host" help="Host name or IP address, without https://" error={errors.host}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-host"
              value={v.host}
              onChange={set('host')}
              placeholder="10.0.0.5"
              spellCheck={false}
            />
          )}
        </Row>
        <Row field="restPort" label="REST port" help="HTTPS, usually 443" error={errors.restPort}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-rest-port"
              inputMode="numeric"
              value={v.restPort}
              onChange={set('restPort')}
            />
          )}
        </Row>
        <Row field="sshPort" label="SSH port" help="The ONTAP CLI, usually 22" error={errors.sshPort}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-ssh-port"
              inputMode="numeric"
              value={v.sshPort}
              onChange={set('sshPort')}
            />
          )}
        </Row>
        <Row field="username" label="User" help="fsxadmin for the whole cluster, vsadmin for one SVM" error={errors.username}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-username"
              value={v.username}
              onChange={set('username')}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Row>
        <Row
          field="password"
          label="Password"
          help={editing ? 'Leave empty to keep the stored password' : 'Kept encrypted on this computer; never shown again'}
          error={errors.password}
        >
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              data-testid="conn-password"
              type="password"
              value={v.password}
              onChange={set('password')}
              autoComplete="new-password"
            />
          )}
        </Row>
      </div>
      <fieldset className="field">
        <legend>Preferred protocol</legend>
        {(['rest', 'ssh'] as const).map((p) => (
          <label key={p} className="choice">
            <input
              type="radio"
              name="protocol"
              data-testid={`conn-protocol-${p}`}
              checked={v.protocol === p}
              onChange={() => setV({ ...v, protocol: p })}
            />
            {p === 'rest' ? 'REST API (recommended)' : 'CLI over SSH'}
          </label>
        ))}
        {errors.protocol && (
          <div className="field-error" data-testid="conn-error-protocol">
            {errors.protocol}
          </div>
        )}
      </fieldset>
      <ErrorNote error={failure} testId="conn-form-error" />
      <div className="actions">
        <button type="submit" className="button" data-testid="conn-save" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add connection'}
        </button>
        <button type="button" className="button-secondary" data-testid="conn-cancel" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
