import { AppError } from '../errors.ts';

/**
 * Keyset pages of append-only logs, newest first: `?cursor=` is the id of the last row of the previous page, so a page
 * is `where id < cursor order by id desc limit n + 1` (the extra row says whether there is a next page).
 */
export function cursorId(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const id = Number(cursor);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('validation_failed', 'querystring.cursor: not a cursor from this list', { issues: [{ path: 'querystring.cursor', message: 'invalid' }] });
  }
  return id;
}

/** The page of `limit` rows out of the `limit + 1` read, and the cursor of the next page. */
export function pageOfRows<R extends { id: number | string }, O>(rows: R[], limit: number, map: (row: R) => O): { items: O[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(map), next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
}
