// Multi-select over the invoice list, by id (rows move between windows and sorts; ids do not). Pure helpers: the
// screen owns the set and hands it to whatever acts on the selection (e.g. a later "Approve selected").

export type Selection = ReadonlySet<number>;

export function toggled(selection: Selection, id: number): Set<number> {
  const next = new Set(selection);
  if (!next.delete(id)) next.add(id);
  return next;
}

/**
 * Adds every loaded row between two positions (either order), as shift+click or shift+arrow do. Rows of a window not
 * fetched yet have no id to add and are left out.
 */
export function withRange(
  selection: Selection,
  from: number,
  to: number,
  idAt: (index: number) => number | undefined,
): Set<number> {
  const next = new Set(selection);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    const id = idAt(i);
    if (id !== undefined) next.add(id);
  }
  return next;
}
