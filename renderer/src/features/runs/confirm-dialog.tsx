import { Modal } from '../../shell/modal';

/** A modal question with two answers; Escape or the backdrop closes it, focus starts on the safe answer. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <Modal title={title} testId="confirm-dialog" className="confirm-dialog" onClose={onClose}>
      <p>{body}</p>
      <div className="actions">
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button'}
          data-testid="confirm-yes"
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button-secondary" autoFocus data-testid="confirm-no" onClick={onClose}>
          Keep it
        </button>
      </div>
    </Modal>
  );
}
