/**
 * What the console's logs share (the gateway's request log and the MCP audit): filters with a time range in Chile's
 * wall clock and their cursor pages, both in the URL; names for the principals; and the "older" pager.
 */
import { keepPreviousData, useQueries, useQuery, type QueryKey } from '@tanstack/react-query';
import { useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Page } from '../api/models.ts';
import { TIME_ZONE } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { apiKeysQuery, meQuery, membersQuery } from '../queries.ts';
import { chileTimeToIso } from './registry-common.tsx';
import '../messages/log.es.ts';

export interface TimeRange {
  from: string;
  to: string;
}

/** The filters' times (Chile's wall clock) as instants for the API. */
export const rangeOf = (f: TimeRange) => ({ from: f.from ? (chileTimeToIso(f.from) ?? undefined) : undefined, to: f.to ? (chileTimeToIso(f.to) ?? undefined) : undefined });

/** The applied filters as the URL holds them: each of `empty`'s keys that has a value (the router reads "500" as 500). */
function filtersFromSearch<F extends TimeRange>(empty: F, search: Record<string, unknown>): F {
  const out = { ...empty };
  for (const key of Object.keys(empty) as Array<keyof F & string>) {
    const value = search[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value).slice(0, 200) as F[typeof key];
  }
  return out;
}

/**
 * A filter form's state: the draft being edited, the filters applied, and the range error (a "to" not after "from",
 * which focuses the field `toInputId`). `filters === empty` while nothing is applied. The applied filters and the
 * cursors of the older pages shown live in the URL (checked by the route's validateSearch, search.ts): Back, a reload
 * or a shared link show the same log. New filters start again at the newest calls.
 */
export function useLogFilters<F extends TimeRange>(empty: F, toInputId: string) {
  const { t } = useI18n();
  const search = useSearch({ strict: false });
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const routerNavigate = useNavigate();
  const key = JSON.stringify(filtersFromSearch(empty, search));
  const cursorsKey = JSON.stringify(Array.isArray(search.cursors) ? search.cursors : []);
  const cursors = useMemo<string[]>(() => JSON.parse(cursorsKey) as string[], [cursorsKey]);
  // One object per distinct set of filters (pages reload when it changes), and `empty` itself when nothing is applied.
  const filters = useMemo<F>(() => (key === JSON.stringify(empty) ? empty : (JSON.parse(key) as F)), [key, empty]);
  const [draft, setDraft] = useState<F>(filters);
  const [rangeError, setRangeError] = useState<string | undefined>(undefined);
  // Back or a link changed the applied filters: the form follows.
  useEffect(() => setDraft(filters), [filters]);
  const paramsOf = (next: F) => Object.fromEntries(Object.entries(next).filter(([, v]) => v !== ''));
  const setFilters = (next: F) => void routerNavigate({ to: pathname, search: paramsOf(next) });
  /** One more (older) page, or none (back to the newest calls): the same history entry. */
  const setCursors = (next: string[]) => void routerNavigate({ to: pathname, search: { ...paramsOf(filters), ...(next.length ? { cursors: next } : {}) }, replace: true });

  function apply(event: FormEvent) {
    event.preventDefault();
    const range = rangeOf(draft);
    if (range.from && range.to && range.from >= range.to) {
      setRangeError(t('log.errRange'));
      document.getElementById(toInputId)?.focus();
      return;
    }
    setRangeError(undefined);
    setFilters({ ...draft });
  }

  function clear() {
    setDraft(empty);
    setRangeError(undefined);
    setFilters(empty);
  }

  return { draft, setDraft, filters, rangeError, apply, clear, cursors, setCursors };
}

/**
 * The end of a log's filter form: the from and to fields (ids `<idPrefix>-from`, `<idPrefix>-to`), Apply and Clear,
 * and the hint that times are Chile's.
 */
export function TimeRangeFields<F extends TimeRange>({
  idPrefix,
  draft,
  onChange,
  rangeError,
  onClear,
}: {
  idPrefix: string;
  draft: F;
  onChange(draft: NoInfer<F>): void;
  rangeError: string | undefined;
  onClear(): void;
}) {
  const { t } = useI18n();
  const hint = `${idPrefix}-time-hint`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>{t('log.from')}</label>
        <input id={`${idPrefix}-from`} type="datetime-local" value={draft.from} aria-describedby={hint} onChange={(e) => onChange({ ...draft, from: e.target.value })} />
      </div>
      <div className={`field${rangeError ? ' has-error' : ''}`}>
        <label htmlFor={`${idPrefix}-to`}>{t('log.to')}</label>
        <input
          id={`${idPrefix}-to`}
          type="datetime-local"
          value={draft.to}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={`${hint}${rangeError ? ` ${idPrefix}-to-error` : ''}`}
          onChange={(e) => onChange({ ...draft, to: e.target.value })}
        />
        {rangeError && (
          <p id={`${idPrefix}-to-error`} className="field-error" role="alert">
            {rangeError}
          </p>
        )}
      </div>
      <div className="field filter-actions">
        <button type="submit" className="button primary">
          {t('log.apply')}
        </button>
        <button type="button" className="button secondary" onClick={onClear}>
          {t('log.clear')}
        </button>
      </div>
      <p id={hint} className="hint full">
        {t('log.timeHint', { zone: TIME_ZONE })}
      </p>
    </>
  );
}

/**
 * A log's rows: its newest page and the older pages in `cursors`, each its own cache entry (so a reload or Back shows
 * the same rows, asked for at once since their cursors are known). While new filters load, the rows shown stay.
 */
export function useCursorPages<T>(key: QueryKey, cursors: string[], fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>) {
  const pages = useQueries({
    queries: [undefined, ...cursors].map((cursor) => ({
      queryKey: [...key, cursor ?? null],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchPage(cursor, signal),
      placeholderData: keepPreviousData,
    })),
  });
  const shown = pages.findIndex((p) => !p.data);
  const loaded = shown === -1 ? pages : pages.slice(0, shown);
  return {
    rows: loaded.length ? loaded.flatMap((p) => p.data!.items) : null,
    /** The next older page's cursor, once every page asked for is here. */
    next: shown === -1 ? (pages[pages.length - 1]!.data!.next_cursor ?? null) : null,
    loading: pages.some((p) => p.isFetching),
    error: pages.find((p) => p.error)?.error ?? null,
  };
}

/**
 * Names for the principals of a tenant's logs: members, API keys, and the reader («Usted»), from the same cache
 * entries as the members and keys sections (a key made on the page is named as soon as the list is read again); a
 * principal without a name is shown shortened. They are not needed to read the log: a refused list only leaves ids.
 */
export function usePrincipalNames(tenantId: string): (principal: string) => string {
  const { t } = useI18n();
  const members = useQuery(membersQuery(tenantId)).data;
  const apiKeys = useQuery(apiKeysQuery(tenantId)).data;
  const me = useQuery(meQuery()).data;
  const people = useMemo<Record<string, string>>(
    () => ({
      ...Object.fromEntries((members ?? []).map((m) => [`user:${m.user_id}`, m.display_name ?? m.email])),
      ...Object.fromEntries((apiKeys ?? []).map((k) => [`api_key:${k.id}`, t('log.apiKey', { name: k.name })])),
      ...(me ? { [`${me.kind}:${me.id}`]: t('log.you') } : {}),
    }),
    [members, apiKeys, me, t],
  );
  return (p) => people[p] ?? (p.length > 22 ? `${p.slice(0, 20)}…` : p);
}

/** "N calls shown" and the button that loads the next (older) page, while there is one. */
export function OlderPager({ cursor, count, loading, onOlder }: { cursor: string | null; count: number; loading: boolean; onOlder(cursor: string): void }) {
  const { t } = useI18n();
  if (!cursor) return null;
  return (
    <div className="pager">
      <span className="muted">{t('log.count', { n: count })}</span>
      <button type="button" className="button secondary" disabled={loading} onClick={() => onOlder(cursor)}>
        {t('log.older')}
      </button>
    </div>
  );
}
