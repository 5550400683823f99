import type { ExportProblems } from '../../../../shared/export';

const SHOWN = 200;

/**
 * What stops documents from being exported, one entry per document with a link to it (the business profile's
 * problems, id 0, link to Settings instead).
 */
export function ProblemList({ problems, onOpen, onOpenSettings }: {
  problems: ExportProblems[];
  onOpen: (id: number) => void;
  onOpenSettings: () => void;
}) {
  const shown = problems.filter((p) => p.problems.length).slice(0, SHOWN);
  const rest = problems.filter((p) => p.problems.length).length - shown.length;
  return (
    <ul className="export-problems" data-testid="export-problems">
      {shown.map((p) => (
        <li key={p.id} data-testid="export-problem" data-id={p.id}>
          {p.id === 0 ? (
            <a
              href="#/settings"
              className="export-problem-link"
              data-testid="export-problem-settings"
              onClick={(e) => {
                e.preventDefault();
                onOpenSettings();
              }}
            >
              Business details in Settings
            </a>
          ) : (
            <a
              href={`#/invoices/${p.id}`}
              className="export-problem-link invoice-number"
              data-testid="export-problem-link"
              onClick={(e) => {
                e.preventDefault();
                onOpen(p.id);
              }}
            >
              {p.number ?? `Invoice #${p.id}`}
            </a>
          )}
          <ul>
            {p.problems.map((text) => (
              <li key={text} data-testid="export-problem-text">
                {text}
              </li>
            ))}
          </ul>
        </li>
      ))}
      {rest > 0 ? <li className="muted">…and {rest.toLocaleString('en-GB')} more documents with problems.</li> : null}
    </ul>
  );
}
