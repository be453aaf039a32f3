import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import type { GatewaySummary } from '../api/models.ts';
import { capabilitiesQuery, keys } from '../queries.ts';
import { ErrorMessage, Loading, TableWrap } from '../ui.tsx';
import { OlderPager, rangeOf, TimeRangeFields, useCursorPages, useLogFilters, usePrincipalNames } from './log-filters.tsx';
import { codeLabel, MethodBadge, useNumber } from './registry-common.tsx';
import '../messages/log.es.ts';

interface Filters {
  capability: string;
  outcome: '' | 'ok' | 'error';
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { capability: '', outcome: '', from: '', to: '' };
const PAGE = 50;

/** Calls and errors per capability as plain SVG bars (the numbers are also written out, for reading and for screen readers). */
function SummaryChart({ summary }: { summary: GatewaySummary }) {
  const { t, locale } = useI18n();
  const number = useNumber();
  const max = Math.max(1, ...summary.items.map((i) => i.calls));
  return (
    <figure className="chart" data-testid="summary-chart">
      <figcaption>
        {t('log.summaryCaption', { from: formatDateTime(summary.from, locale), to: formatDateTime(summary.to, locale), calls: number(summary.calls), errors: number(summary.errors) })}
      </figcaption>
      {summary.items.length === 0 ? (
        <p className="empty">{t('log.summaryEmpty')}</p>
      ) : (
        <>
          <p className="legend" aria-hidden="true">
            <span className="swatch swatch-calls" /> {t('log.calls')} <span className="swatch swatch-errors" /> {t('log.errors')}
          </p>
          <ul className="bars">
            {summary.items.map((i) => (
              <li key={i.capability_name}>
                <code className="bar-label">{i.capability_name}</code>
                <svg className="bar" viewBox="0 0 100 21" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                  <rect x="0" y="0" width={(i.calls / max) * 100} height="10" className="bar-calls" />
                  <rect x="0" y="11" width={(i.errors / max) * 100} height="10" className="bar-errors" />
                </svg>
                <span className="bar-value">
                  {t('log.barText', { calls: number(i.calls), errors: number(i.errors) })}
                  {i.p95_ms !== null && <span className="muted"> · p95 {number(i.p95_ms)} ms</span>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

/** The gateway's request log for a tenant: a chart per capability, filters, and the calls newest first. */
export function RequestLogPage({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const number = useNumber();
  const { draft, setDraft, filters, rangeError, apply, clear, cursors, setCursors } = useLogFilters(NO_FILTERS, 'log-to');
  const queryClient = useQueryClient();
  const range = rangeOf(filters);
  const query = { capability: filters.capability || undefined, outcome: filters.outcome || undefined, ...range };
  const { rows, next, loading, error } = useCursorPages([...keys.gateway(tenantId), 'requests', query], cursors, (cursor, signal) =>
    data(api.GET('/api/v1/gateway/requests', { params: { query: { ...query, limit: PAGE, cursor, tenant_id: tenantId } }, signal })),
  );
  const summaryRead = useQuery({
    queryKey: [...keys.gateway(tenantId), 'summary', range],
    queryFn: ({ signal }) => data(api.GET('/api/v1/gateway/summary', { params: { query: { ...range, tenant_id: tenantId } }, signal })),
    placeholderData: keepPreviousData,
  });
  const summary = summaryRead.data ?? null;
  // Names for the filter (the same entry as the registry's list); not needed to read the log.
  const capabilities = useQuery(capabilitiesQuery(tenantId)).data?.map((c) => c.capability_name) ?? [];
  // Names for the principals; not needed to read the log.
  const principal = usePrincipalNames(tenantId);
  /** The newest calls again: back to the first page, every entry of the log read anew. */
  const refresh = () => {
    setCursors([]);
    void queryClient.invalidateQueries({ queryKey: keys.gateway(tenantId) });
  };

  const names = [...new Set([...capabilities, ...(summary?.items.map((i) => i.capability_name) ?? [])])].sort();
  return (
    <>
      <div className="page-header">
        <h1>{t('log.title')}</h1>
        <button type="button" className="button secondary" disabled={loading} onClick={refresh}>
          {t('log.refresh')}
        </button>
      </div>
      <p className="lead">{t('log.intro')}</p>

      <section aria-labelledby="summary-title" className="card">
        <h2 id="summary-title">{t('log.summaryTitle')}</h2>
        {summary ? (
          <SummaryChart summary={summary} />
        ) : summaryRead.error !== null ? (
          <ErrorMessage error={summaryRead.error} onRetry={() => void summaryRead.refetch()} />
        ) : (
          <Loading label={t('log.loading')} />
        )}
      </section>

      <section aria-labelledby="calls-title" className="card">
        <h2 id="calls-title">{t('log.callsTitle')}</h2>
        <form className="filters" onSubmit={apply} aria-label={t('log.filters')}>
          <div className="field">
            <label htmlFor="log-capability">{t('log.capability')}</label>
            <select id="log-capability" value={draft.capability} onChange={(e) => setDraft({ ...draft, capability: e.target.value })}>
              <option value="">{t('log.all')}</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="log-outcome">{t('log.outcome')}</label>
            <select id="log-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value as Filters['outcome'] })}>
              <option value="">{t('log.all')}</option>
              <option value="ok">{t('log.ok')}</option>
              <option value="error">{t('log.error')}</option>
            </select>
          </div>
          <TimeRangeFields idPrefix="log" draft={draft} onChange={setDraft} rangeError={rangeError} onClear={clear} />
        </form>

        {error !== null && <ErrorMessage error={error} onRetry={refresh} />}
        {!rows ? (
          error === null && <Loading label={t('log.loading')} />
        ) : rows.length === 0 ? (
          <p className="empty">{filters === NO_FILTERS ? t('log.empty') : t('log.noMatch')}</p>
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {t('log.count', { n: rows.length })}
            </p>
            <TableWrap aria-busy={loading}>
              <table className="gw-table" data-testid="request-log">
                <thead>
                  <tr>
                    <th scope="col">{t('log.time')}</th>
                    <th scope="col">{t('log.capability')}</th>
                    <th scope="col">{t('log.principal')}</th>
                    <th scope="col">{t('log.source')}</th>
                    <th scope="col">{t('log.method')}</th>
                    <th scope="col" className="num">
                      {t('log.status')}
                    </th>
                    <th scope="col" className="num">
                      {t('log.upstream')}
                    </th>
                    <th scope="col">{t('log.errorCode')}</th>
                    <th scope="col" className="num">
                      {t('log.latency')}
                    </th>
                    <th scope="col" className="num">
                      {t('log.bytes')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td className="nowrap">
                        <time dateTime={r.created_at}>{formatDateTime(r.created_at, locale)}</time>
                      </td>
                      <td>
                        <code>{r.capability_name}</code>
                      </td>
                      <td className="who" title={r.principal}>
                        {principal(r.principal)}
                      </td>
                      <td>{codeLabel(t, 'log.sourceName', r.source)}</td>
                      <td>
                        <MethodBadge method={r.method} />
                      </td>
                      <td className="num">
                        <span className={`badge ${r.status < 400 ? 'badge-active' : 'badge-suspended'}`}>{r.status}</span>
                      </td>
                      <td className="num">{r.upstream_status ?? <span className="muted">—</span>}</td>
                      <td>{r.error_code ? <code>{r.error_code}</code> : <span className="muted">—</span>}</td>
                      <td className="num">{number(r.latency_ms, 1)}</td>
                      <td className="num nowrap" title={t('log.bytesTitle')}>
                        {number(r.bytes_in)} / {number(r.bytes_out)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <OlderPager cursor={next} count={rows.length} loading={loading} onOlder={(after) => setCursors([...cursors, after])} />
          </>
        )}
      </section>
    </>
  );
}
