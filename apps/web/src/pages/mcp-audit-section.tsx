import { useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { MCP_OUTCOMES, type McpInvocation, type McpOutcome } from '../api/models.ts';
import { ErrorMessage, Loading, TableWrap } from '../ui.tsx';
import { keys } from '../queries.ts';
import { OlderPager, rangeOf, TimeRangeFields, useCursorPages, useLogFilters, usePrincipalNames } from './log-filters.tsx';
import { compactJson, ToolName } from './mcp-tools.tsx';
import { useNumber } from './registry-common.tsx';
import '../messages/approvals.es.ts';
import '../messages/log.es.ts';
import '../messages/mcp.es.ts';

interface Filters {
  tool: string;
  outcome: '' | McpOutcome;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { tool: '', outcome: '', from: '', to: '' };
const PAGE = 50;

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const { t } = useI18n();
  const known = (MCP_OUTCOMES as readonly string[]).includes(outcome);
  return <span className={`badge outcome-${known ? outcome : 'other'}`}>{known ? t(`mcp.outcome.${outcome as McpOutcome}`) : outcome}</span>;
}

/** Calls per outcome of the rows shown, as plain SVG bars (the numbers are written out too). */
function OutcomeChart({ rows }: { rows: McpInvocation[] }) {
  const { t } = useI18n();
  const number = useNumber();
  const counts = MCP_OUTCOMES.map((o) => ({ outcome: o, n: rows.filter((r) => r.outcome === o).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  return (
    <figure className="chart" data-testid="mcp-outcome-chart">
      <figcaption>{t('mcp.chartCaption', { n: number(rows.length) })}</figcaption>
      <ul className="bars outcome-bars">
        {counts.map((c) => (
          <li key={c.outcome} data-outcome={c.outcome}>
            <span className="bar-label">{t(`mcp.outcome.${c.outcome}`)}</span>
            <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x="0" y="0" width={(c.n / max) * 100} height="10" className={`bar-outcome-${c.outcome}`} />
            </svg>
            <span className="bar-value">{number(c.n)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Every MCP tool call of the tenant, newest first: filters, a chart per outcome, and older pages by cursor. */
export function McpAuditSection({ tenantId, toolNames }: { tenantId: string; toolNames: string[] }) {
  const { t, locale } = useI18n();
  const number = useNumber();
  const principal = usePrincipalNames(tenantId);
  const { draft, setDraft, filters, rangeError, apply, clear, cursors, setCursors } = useLogFilters(NO_FILTERS, 'mcp-log-to');
  const queryClient = useQueryClient();
  const query = { tool: filters.tool || undefined, outcome: filters.outcome || undefined, ...rangeOf(filters) };
  const { rows, next, loading, error } = useCursorPages([...keys.mcpInvocations(tenantId), query], cursors, (cursor, signal) =>
    data(api.GET('/api/v1/tenants/{id}/mcp/invocations', { params: { path: { id: tenantId }, query: { ...query, limit: PAGE, cursor } }, signal })),
  );
  /** The newest calls again (and the names: a key made on this page since is named now). */
  const refresh = () => {
    setCursors([]);
    for (const queryKey of [keys.mcpInvocations(tenantId), keys.apiKeys(tenantId), keys.members(tenantId)]) void queryClient.invalidateQueries({ queryKey });
  };

  const names = [...new Set([...toolNames, ...(rows?.map((r) => r.tool) ?? [])])].sort();
  return (
    <section aria-labelledby="mcp-audit-title" className="card">
      <div className="section-header">
        <h2 id="mcp-audit-title">{t('mcp.auditTitle')}</h2>
        <button
          type="button"
          className="button secondary"
          disabled={loading}
          onClick={refresh}
        >
          {t('log.refresh')}
        </button>
      </div>
      <p className="hint section-intro">{t('mcp.auditIntro')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('mcp.auditFilters')}>
        <div className="field">
          <label htmlFor="mcp-log-tool">{t('mcp.tool')}</label>
          <select id="mcp-log-tool" value={draft.tool} onChange={(e) => setDraft({ ...draft, tool: e.target.value })}>
            <option value="">{t('log.all')}</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mcp-log-outcome">{t('log.outcome')}</label>
          <select id="mcp-log-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value as Filters['outcome'] })}>
            <option value="">{t('log.all')}</option>
            {MCP_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`mcp.outcome.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <TimeRangeFields idPrefix="mcp-log" draft={draft} onChange={setDraft} rangeError={rangeError} onClear={clear} />
      </form>

      {error !== null && <ErrorMessage error={error} onRetry={refresh} />}
      {!rows ? (
        error === null && <Loading label={t('mcp.auditLoading')} />
      ) : rows.length === 0 ? (
        <p className="empty">{filters === NO_FILTERS ? t('mcp.auditEmpty') : t('mcp.auditNoMatch')}</p>
      ) : (
        <>
          <OutcomeChart rows={rows} />
          <p className="visually-hidden" role="status">
            {t('log.count', { n: rows.length })}
          </p>
          <TableWrap aria-busy={loading}>
            <table className="gw-table audit-table" data-testid="mcp-audit">
              <thead>
                <tr>
                  <th scope="col">{t('log.time')}</th>
                  <th scope="col">{t('mcp.tool')}</th>
                  <th scope="col">{t('log.outcome')}</th>
                  <th scope="col">{t('log.principal')}</th>
                  <th scope="col">{t('mcp.client')}</th>
                  <th scope="col" className="num">
                    {t('mcp.duration')}
                  </th>
                  <th scope="col">{t('mcp.arguments')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const args = compactJson(r.arguments);
                  const empty = Object.keys(r.arguments).length === 0;
                  return (
                    <tr key={r.id} data-outcome={r.outcome}>
                      <td className="nowrap">
                        <time dateTime={r.created_at}>{formatDateTime(r.created_at, locale)}</time>
                      </td>
                      <td className="tool">
                        <ToolName name={r.tool} />
                      </td>
                      <td>
                        <OutcomeBadge outcome={r.outcome} />
                        {r.outcome === 'confirmation_required' && r.confirmation_status === 'pending' && r.confirmation_id && (
                          <>
                            {' '}
                            <a href={`#confirmation-${r.confirmation_id}`} className="audit-request">
                              {t('approvals.auditLink')}
                            </a>
                          </>
                        )}
                        {r.outcome === 'confirmation_required' && r.confirmation_status && r.confirmation_status !== 'pending' && (
                          <span className="muted audit-request"> {t(`approvals.auditStatus.${r.confirmation_status}`)}</span>
                        )}
                        {r.error_code && (
                          <code className="error-code" title={t('log.errorCode')}>
                            {r.error_code}
                          </code>
                        )}
                      </td>
                      <td className="who" title={r.principal}>
                        {principal(r.principal)}
                      </td>
                      <td className="who">
                        {r.client_name ?? <span className="muted">—</span>}
                        {r.client_version && <span className="muted"> {r.client_version}</span>}
                      </td>
                      <td className="num">{number(r.duration_ms, 1)}</td>
                      <td className="args">
                        {empty ? (
                          <span className="muted">{'{}'}</span>
                        ) : (
                          <details>
                            <summary>{t('mcp.argumentsShow', { n: Object.keys(r.arguments).length })}</summary>
                            <pre className="args-json">{args}</pre>
                          </details>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <OlderPager cursor={next} count={rows.length} loading={loading} onOlder={(after) => setCursors([...cursors, after])} />
        </>
      )}
    </section>
  );
}
