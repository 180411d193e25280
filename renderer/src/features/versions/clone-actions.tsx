import { useState } from 'react';
import { ErrorNote } from '../../shell/error-note';
import { Modal, TypedConfirm } from '../../shell/modal';
import { startOperation } from './versions-actions';
import { useAction } from '../../shell/use-action';

/** Split a clone from its parent (its snapshot is then free), or delete it (typed confirmation: its writes are lost). */
export function CloneActionDialog({
  action,
  clone,
  onClose,
}: {
  action: 'split' | 'delete-clone';
  clone: string;
  onClose(): void;
}) {
  const [typed, setTyped] = useState('');
  const { busy, error, run: start } = useAction();
  const split = action === 'split';
  const run = async () => {
    const done = await start(() =>
      split
        ? startOperation('versions.splitClone', { clone })
        : startOperation('versions.deleteClone', { clone, confirm: typed }),
    );
    if (done) onClose();
  };
  return (
    <Modal
      title={split ? `Split clone ${clone} from its parent?` : `Delete clone ${clone}?`}
      testId="clone-action-dialog"
      onClose={onClose}
    >
      <p>
        {split
          ? 'The clone gets its own copy of the blocks it shares with the parent snapshot (this uses space), and the snapshot can then be deleted. The clone keeps its data.'
          : 'The clone volume and every file written to it are deleted, with any S3 bucket that shows its files (and that bucket’s saved source). Its parent is not touched.'}
      </p>
      {!split && <TypedConfirm name={clone} value={typed} onChange={setTyped} what="delete it" />}
      <ErrorNote error={error} />
      <div className="actions">
        <button
          type="button"
          className={split ? 'button' : 'button button-danger'}
          disabled={busy || (!split && typed !== clone)}
          onClick={() => void run()}
          data-testid="clone-action-submit"
        >
          {split ? 'Split clone' : 'Delete clone'}
        </button>
        <button type="button" className="button-secondary" autoFocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
