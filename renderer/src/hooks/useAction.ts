import { useState, type FormEvent } from 'react';

/** A card's actions by name. One that resolves to a string has that string shown as its success notice. */
export type Actions<K extends string> = Record<K, () => Promise<string | void>>;

export interface ActionState<K extends string> {
  /** Starts the named action (for a control that is not a plain button or a form, e.g. a child's onCancel). */
  run: (name: K) => void;
  /** The action running now. One per card: its controls wait for it, so two clicks never race each other. */
  pending: K | null;
  /** What the last run threw; cleared when the next starts. */
  error: unknown;
  /** Which action threw `error`, so the banner can say what did not work. */
  failed: K | null;
  /** The last run's success notice; set by hand too (e.g. cleared as soon as the owner edits again). */
  notice: string | undefined;
  setNotice: (notice: string | undefined) => void;
  /** Forget the error and the notice (a form's Discard). */
  reset: () => void;
  /**
   * Props for the button that starts `name` on click: disabled while any action runs, or while `unavailable` (say,
   * nothing to save). Its label stays the card's: `pending === name ? 'Saving…' : 'Save'`.
   */
  button: (name: K, unavailable?: boolean) => { type: 'button'; disabled: boolean; onClick: () => void };
  /** A form's onSubmit that starts `name` instead of reloading the page (Enter in a field submits too). */
  submit: (name: K) => (e: FormEvent) => void;
}

/**
 * A card's buttons: one named action runs at a time, the error it threw and its success notice are kept for the
 * card to show, and `settled` is called afterwards either way, so the screen re-reads the status the action may have
 * changed (its push event does too; this makes the answer to the owner's own click immediate).
 *
 * `actions` is read afresh on every render, so an action sees the card's current state (the typed token, the ticks).
 */
export function useAction<K extends string>(actions: Actions<K>, settled?: () => void): ActionState<K> {
  const [pending, setPending] = useState<K | null>(null);
  const [error, setError] = useState<unknown>();
  const [failed, setFailed] = useState<K | null>(null);
  const [notice, setNotice] = useState<string>();

  const reset = () => {
    setError(undefined);
    setFailed(null);
    setNotice(undefined);
  };

  const run = (name: K) => {
    setPending(name);
    reset();
    actions[name]()
      .then(
        (done) => setNotice(done ?? undefined),
        (err: unknown) => {
          setError(err);
          setFailed(name);
        },
      )
      .finally(() => {
        setPending(null);
        settled?.();
      });
  };

  const button = (name: K, unavailable = false) => ({
    type: 'button' as const,
    disabled: unavailable || pending !== null,
    onClick: () => run(name),
  });

  const submit = (name: K) => (e: FormEvent) => {
    e.preventDefault();
    run(name);
  };

  return { run, pending, error, failed, notice, setNotice, reset, button, submit };
}
