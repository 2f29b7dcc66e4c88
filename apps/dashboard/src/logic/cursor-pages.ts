/**
 * Forward-only cursors made browsable both ways: the cursors that opened each page seen so far, so
 * "previous" goes back without the server knowing about it.
 */
export interface CursorPages {
  /** cursors[i] opened page i (page 0 has none). */
  readonly cursors: readonly (string | null)[];
  readonly index: number;
}

export const firstPage: CursorPages = { cursors: [null], index: 0 };

export const currentCursor = (p: CursorPages): string | null => p.cursors[p.index] ?? null;

export const nextPage = (p: CursorPages, nextCursor: string | null): CursorPages => {
  if (nextCursor === null) return p;
  return { cursors: [...p.cursors.slice(0, p.index + 1), nextCursor], index: p.index + 1 };
};

export const previousPage = (p: CursorPages): CursorPages => (p.index === 0 ? p : { ...p, index: p.index - 1 });

/** "21–40 of 95" for page `index` of `size` items, `count` of them on this page. */
export function pageRange(index: number, size: number, count: number, total?: number | null): string {
  if (count === 0) return total ? `0 of ${total}` : 'none';
  const from = index * size + 1;
  const to = from + count - 1;
  return total === undefined || total === null ? `${from}–${to}` : `${from}–${to} of ${total}`;
}
