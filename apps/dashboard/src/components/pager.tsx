import { useState } from 'preact/hooks';
import { currentCursor, firstPage, nextPage, pageRange, previousPage, type CursorPages } from '../logic/cursor-pages';

/** Cursor paging state for one list; `reset` goes back to the first page (e.g. when a filter changes). */
export function useCursorPages() {
  const [pages, setPages] = useState<CursorPages>(firstPage);
  return {
    pages,
    cursor: currentCursor(pages),
    next: (nextCursor: string | null) => setPages((p) => nextPage(p, nextCursor)),
    previous: () => setPages(previousPage),
    reset: () => setPages(firstPage),
  };
}

export function Pager({
  index,
  size,
  count,
  total,
  hasMore,
  onNext,
  onPrevious,
  label,
  testId,
}: {
  index: number;
  size: number;
  count: number;
  total?: number | null;
  hasMore: boolean;
  onNext: () => void;
  onPrevious: () => void;
  label: string;
  testId?: string;
}) {
  return (
    <nav class="pager" aria-label={`${label} pages`} data-testid={testId}>
      <button type="button" class="button secondary" onClick={onPrevious} disabled={index === 0}>
        ← Previous
      </button>
      <span class="pager-range" data-testid={testId ? `${testId}-range` : undefined}>
        {pageRange(index, size, count, total)}
      </span>
      <button type="button" class="button secondary" onClick={onNext} disabled={!hasMore}>
        Next →
      </button>
    </nav>
  );
}
