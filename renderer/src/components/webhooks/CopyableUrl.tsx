import { useEffect, useRef, useState } from 'react';

type Outcome = 'copied' | 'selected' | null;
const NOTE_MS = 6_000;

/**
 * A URL that must be typed somewhere else exactly (Square signs it), with a Copy button. Where the clipboard API is
 * missing or refused (an insecure origin, a denied permission), the text is selected so Ctrl+C copies it.
 */
export function CopyableUrl({ url, testId }: { url: string; testId: string }) {
  const ref = useRef<HTMLElement>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  function select(): void {
    const el = ref.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    selection.selectAllChildren(el);
    setOutcome('selected');
  }

  async function copy(): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setOutcome('copied');
    } catch {
      select();
    }
  }

  return (
    <div className="copy-url">
      <div className="copy-url-row">
        <code ref={ref} className="copy-url-text" data-testid={testId}>
          {url}
        </code>
        <button type="button" className="btn btn-secondary btn-small" data-testid={`${testId}-copy`} onClick={() => void copy()}>
          {outcome === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {outcome ? (
        <span className="copy-url-note" role="status" data-testid={`${testId}-copy-note`} data-outcome={outcome}>
          {outcome === 'copied' ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (⌘C on a Mac) to copy.'}
        </span>
      ) : null}
    </div>
  );
}
