import type { NewInboxRow } from '../inbox/inbox-row';
import type { PipelineStore } from './pipeline-store';
import { errorAsData, type ErrorData } from './thread-errors';

/** One insert's outcome as it crosses back from the writer thread (errors as plain data). */
export type InsertOutcome = { inserted: boolean } | { error: ErrorData };

/**
 * Every event inserted on `store` (one group commit), each with its own outcome: one bad row fails only itself.
 * `onCommitted(i, inserted, id)` as each event's row is committed, before it is durable (inbox/group-commit.ts).
 */
export async function insertEach(
  store: PipelineStore,
  events: readonly NewInboxRow[],
  onCommitted?: (index: number, inserted: boolean, id: number | null) => void,
): Promise<InsertOutcome[]> {
  const settled = await Promise.allSettled(
    events.map((e, i) => store.insert(e, onCommitted ? (inserted, id) => onCommitted(i, inserted, id) : undefined)),
  );
  return settled.map((r) => (r.status === 'fulfilled' ? { inserted: r.value } : { error: errorAsData(r.reason) }));
}
