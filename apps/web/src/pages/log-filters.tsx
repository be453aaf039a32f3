/**
 * What the console's logs share (the gateway's request log and the MCP audit): filters with a time range in Chile's
 * wall clock, names for the principals, and the "older" pager.
 */
import { useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { apiRequest } from '../api.ts';
import { TIME_ZONE } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import type { ApiKeyOutput, MemberOutput } from '../api/models.ts';
import { chileTimeToIso } from './registry-common.tsx';

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
 * which focuses the field `toInputId`). `filters === empty` while nothing is applied. The applied filters live in
 * the URL: Back, a reload or a shared link show the same log.
 */
export function useLogFilters<F extends TimeRange>(empty: F, toInputId: string) {
  const { t } = useI18n();
  const search = useSearch({ strict: false });
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const routerNavigate = useNavigate();
  const key = JSON.stringify(filtersFromSearch(empty, search));
  // One object per distinct set of filters (pages reload when it changes), and `empty` itself when nothing is applied.
  const filters = useMemo<F>(() => (key === JSON.stringify(empty) ? empty : (JSON.parse(key) as F)), [key, empty]);
  const [draft, setDraft] = useState<F>(filters);
  const [rangeError, setRangeError] = useState<string | undefined>(undefined);
  // Back or a link changed the applied filters: the form follows.
  useEffect(() => setDraft(filters), [filters]);
  const setFilters = (next: F) => {
    const params = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== ''));
    void routerNavigate({ to: pathname, search: params });
  };

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

  return { draft, setDraft, filters, rangeError, apply, clear };
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
 * Names for the principals of a tenant's logs: members, API keys, and the reader («Usted»), asked again when `refresh`
 * changes; a principal without a name is shown shortened.
 */
export function usePrincipalNames(tenantId: string, refresh = 0): (principal: string) => string {
  const { t } = useI18n();
  const [people, setPeople] = useState<Record<string, string>>({});
  useEffect(() => {
    const tenant = `/api/v1/tenants/${encodeURIComponent(tenantId)}`;
    let live = true;
    void Promise.all([
      apiRequest<{ items: MemberOutput[] }>(`${tenant}/members`).catch(() => ({ items: [] as MemberOutput[] })),
      apiRequest<{ items: ApiKeyOutput[] }>(`${tenant}/api-keys`).catch(() => ({ items: [] as ApiKeyOutput[] })),
      apiRequest<{ kind: string; id: string }>('/api/v1/auth/me').catch(() => null),
    ]).then(([members, keys, me]) => {
      if (!live) return;
      setPeople({
        ...Object.fromEntries(members.items.map((m) => [`user:${m.user_id}`, m.display_name ?? m.email])),
        ...Object.fromEntries(keys.items.map((k) => [`api_key:${k.id}`, t('log.apiKey', { name: k.name })])),
        ...(me ? { [`${me.kind}:${me.id}`]: t('log.you') } : {}),
      });
    });
    return () => {
      live = false;
    };
  }, [tenantId, t, refresh]);
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
