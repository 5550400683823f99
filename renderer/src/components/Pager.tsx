interface Props {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pager({ page, pageSize, total, onPage }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range" data-testid="pager-range">
        {first}–{last} of {total}
      </span>
      <div className="pager-buttons">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="pager-prev"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        >
          ‹ Previous
        </button>
        <span className="pager-page">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="pager-next"
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
        >
          Next ›
        </button>
      </div>
    </nav>
  );
}
