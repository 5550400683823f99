import { useEffect, useRef } from 'react';

interface Props {
  open: boolean;
  changes: number;
  onStay: () => void;
  onLeave: () => void;
}

/** "Leave without saving?": a modal dialog (focus stays in it, Escape means stay). */
export function LeaveDialog({ open, changes, onStay, onLeave }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="leave-dialog"
      aria-labelledby="leave-dialog-title"
      data-testid="settings-leave-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-dialog-title" className="leave-dialog-title">
        Leave without saving?
      </h2>
      <p>
        You have {changes === 1 ? 'one unsaved change' : `${changes} unsaved changes`} in Settings. If you leave now,{' '}
        {changes === 1 ? 'it is' : 'they are'} lost.
      </p>
      <div className="confirm-actions">
        <button type="button" className="btn btn-secondary" data-testid="settings-leave-stay" autoFocus onClick={onStay}>
          Stay and keep editing
        </button>
        <button type="button" className="btn btn-danger" data-testid="settings-leave-discard" onClick={onLeave}>
          Discard changes and leave
        </button>
      </div>
    </dialog>
  );
}
