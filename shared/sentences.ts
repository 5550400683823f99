// Review reasons and refusals are whole sentences for the shop owner; joined with "; " they would read
// "…as it is.; The …". One place joins them so every screen reads the same prose.

/** Joins sentences into one paragraph, ending each with a full stop when it has no closing punctuation. */
export function joinSentences(sentences: readonly string[]): string {
  return sentences
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (/[.!?]$/.test(s) ? s : `${s}.`))
    .join(' ');
}
