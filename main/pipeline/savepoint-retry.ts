/** Aborts an optimistic transaction: one of its items failed, so the whole is redone with a savepoint per item. */
export class RetryWithSavepoints extends Error {}

/**
 * Runs `attempt(false)` — one transaction without savepoints, two statements an item saved — and, should it throw
 * RetryWithSavepoints (an item failed and everything rolled back), `attempt(true)`, each item in a savepoint of its own
 * so a failing one is undone alone. Any other error passes through: nothing was written.
 */
export function withSavepointsOnFailure<T>(attempt: (isolate: boolean) => T): T {
  try {
    return attempt(false);
  } catch (err) {
    if (!(err instanceof RetryWithSavepoints)) throw err;
    return attempt(true);
  }
}
