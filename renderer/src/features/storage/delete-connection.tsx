import { useId, useState, type FormEvent } from 'react';
import type { Connection } from '../../../../shared/connections';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useConnections } from '../../stores/connections-store';

/** Deleting a connection asks for its name typed out, because it also deletes the stored password. */
export function DeleteConnection({ connection, onClose }: { connection: Connection; onClose(): void }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const confirmed = typed === connection.name;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    try {
      await api.invoke('connections.delete', { id: connection.id });
      useConnections.getState().remove(connection.id);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form className="note note-bad delete-confirm" data-testid="delete-confirm" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>
        Delete <strong>{connection.name}</strong> and its stored password? Nothing on the cluster changes. Type the name to
        confirm:
      </label>
      <div className="actions">
        <input
          id={id}
          data-testid="delete-confirm-name"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoFocus
          autoComplete="off"
        />
        <button type="submit" className="button button-danger" data-testid="delete-confirm-button" disabled={!confirmed || busy}>
          Delete connection
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          Keep it
        </button>
      </div>
      <ErrorNote error={error} testId="delete-error" />
    </form>
  );
}
