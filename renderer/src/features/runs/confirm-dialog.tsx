import { useEffect, useRef } from 'react';

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
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        // Escape: the browser would close it behind React's back; close through the parent instead.
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === dialog.current && onClose()}
    >
      <h2 id="confirm-title">{title}</h2>
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
    </dialog>
  );
}
