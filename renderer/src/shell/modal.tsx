import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog: Escape or the backdrop closes it; the caller's first field or button takes focus (autoFocus). */
export function Modal({
  title,
  testId,
  className = 'versions-dialog',
  onClose,
  children,
}: {
  title: string;
  testId: string;
  /** The dialog's look (each feature styles its own). */
  className?: string;
  onClose(): void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(e) => {
        // Escape: the browser would close it behind React's back; close through the parent instead.
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === dialog.current && onClose()}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

/** A field where the user types a name to confirm something that cannot be undone. */
export function TypedConfirm({
  name,
  value,
  onChange,
  what,
}: {
  name: string;
  value: string;
  onChange(v: string): void;
  what: string;
}) {
  return (
    <div className="field">
      <label htmlFor="typed-confirm">
        Type <code>{name}</code> to {what}
      </label>
      <input
        id="typed-confirm"
        data-testid="typed-confirm"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
