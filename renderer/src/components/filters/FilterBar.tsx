import type { ReactNode } from 'react';

/** A list's row of filters: a search landmark that never submits (every control applies as it changes). */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}
