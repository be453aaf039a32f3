import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, data } from '../api.ts';
import type { ActionConfirmation, McpConfirmRole } from '../api/models.ts';
import { useConfirm } from '../confirm.tsx';
import { formatDateTime, splitDuration } from '../format.ts';
import { invalidate, keys, optimistic, pendingConfirmationsQuery } from '../queries.ts';
import { useI18n, type MessageKey, type Translate } from '../i18n.tsx';
import { isPlatformSession, loadSession } from '../session.ts';
import { errorText, ErrorMessage, Loading, roleLabel, TableWrap } from '../ui.tsx';
import { usePrincipalNames } from './log-filters.tsx';
import { compactJson, ToolName } from './mcp-tools.tsx';
import '../messages/approvals.es.ts';
import '../messages/log.es.ts';
import '../messages/mcp.es.ts';

const RANK: Record<string, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Whether the signed-in person may approve or reject under the policy's confirm_min_role (the server checks it too). */
export function canDecide(tenantId: string, minRole: McpConfirmRole): boolean {
  const s = loadSession();
  if (isPlatformSession(s)) return true;
  if (s?.tenantId !== tenantId) return false;
  return (RANK[s.role] ?? -1) >= RANK[minRole]!;
}

/** The current time, once a second (for the countdowns). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const SOURCES = ['mcp', 'api', 'cli', 'assistant', 'automation'] as const;

export function sourceLabel(t: Translate, source: string): string {
  return (SOURCES as readonly string[]).includes(source) ? t(`approvals.source.${source as (typeof SOURCES)[number]}` as MessageKey) : source;
}

/** «Vence en 4 min 30 s», or «Vencida» once past (the server refuses it then). */
function Countdown({ expiresAt, now }: { expiresAt: string; now: number }) {
  const { t } = useI18n();
  const left = (new Date(expiresAt).getTime() - now) / 1000;
  if (left <= 0) return <span className="badge outcome-denied">{t('approvals.expired')}</span>;
  const parts = splitDuration(left).map(([n, unit]) => t(`approvals.unit.${unit}`, { n }));
  return <span>{t('approvals.expiresIn', { left: parts.join(' ') })}</span>;
}

type Decision = { id: string; action: string; verdict: 'approve' | 'reject' };
type Outcome = { id: string; action: string; verdict: 'approve' | 'reject'; result?: unknown; error?: unknown };

/**
 * The writes an AI (or an API key, the CLI, an automation) asked for and that wait for confirmation: what it asked, with
 * which arguments (redacted as stored), who and from where, when, and how long until it expires. People with the
 * policy's confirm_min_role approve (it runs once, as them) or reject (it never runs); others read the list.
 */
export function McpConfirmationsSection({ tenantId, confirmMinRole, titleOf }: { tenantId: string; confirmMinRole: McpConfirmRole; titleOf?: (action: string) => string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const principal = usePrincipalNames(tenantId);
  const now = useNow();
  const query = useQuery(pendingConfirmationsQuery(tenantId));
  const decide = canDecide(tenantId, confirmMinRole);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // A decided write leaves the list at once; refused (expired, decided by someone else), it comes back with the reason.
  const mutation = useMutation({
    mutationFn: async ({ id, verdict }: Decision) => {
      const params = { path: { confirmation_id: id }, query: { tenant_id: tenantId } };
      if (verdict === 'approve') return (await data(api.POST('/api/v1/actions/confirmations/{confirmation_id}/approve', { params }))).result;
      await data(api.POST('/api/v1/actions/confirmations/{confirmation_id}/reject', { params }));
      return undefined;
    },
    onMutate: async ({ id }) => ({
      rollback: await optimistic<ActionConfirmation[]>(queryClient, pendingConfirmationsQuery(tenantId).queryKey, (rows) => rows.filter((c) => c.id !== id)),
    }),
    onSuccess: (result, d) => setOutcome({ ...d, result }),
    onError: (error, d, context) => {
      context?.rollback();
      setOutcome({ ...d, error });
    },
    // An approved write ran (the audit has its call); either way the list is read again.
    onSettled: () => invalidate(queryClient, keys.confirmations(tenantId), keys.mcpInvocations(tenantId)),
  });

  async function ask(c: ActionConfirmation, verdict: 'approve' | 'reject') {
    const name = titleOf?.(c.action) ?? c.action;
    const ok = await confirm({
      message: t(verdict === 'approve' ? 'approvals.approveQuestion' : 'approvals.rejectQuestion', { action: name }),
      confirmLabel: t(verdict === 'approve' ? 'approvals.approve' : 'approvals.reject'),
      destructive: verdict === 'reject',
    });
    if (ok) {
      setOutcome(null);
      mutation.mutate({ id: c.id, action: name, verdict });
    }
  }

  const rows = query.data;
  return (
    <section aria-labelledby="mcp-confirmations-title" className="card" id="mcp-confirmations" tabIndex={-1}>
      <div className="section-header">
        <h2 id="mcp-confirmations-title">{t('approvals.title')}</h2>
        <button type="button" className="button secondary" disabled={query.isFetching} onClick={() => void query.refetch()}>
          {t('log.refresh')}
        </button>
      </div>
      <p className="hint section-intro" data-testid="approvals-who">
        {decide ? t('approvals.introDecide', { role: roleLabel(t, confirmMinRole) }) : t('approvals.introReadOnly', { role: roleLabel(t, confirmMinRole) })}
      </p>
      {outcome && (
        <div className={`alert ${outcome.error === undefined ? 'alert-info' : 'alert-error'}`} role={outcome.error === undefined ? 'status' : 'alert'} data-testid="approvals-outcome">
          <p>
            {outcome.error !== undefined
              ? t('approvals.failed', { action: outcome.action, reason: errorText(t, outcome.error) })
              : outcome.verdict === 'approve'
                ? t('approvals.approved', { action: outcome.action })
                : t('approvals.rejected', { action: outcome.action })}
          </p>
          {outcome.error === undefined && outcome.verdict === 'approve' && (
            <details>
              <summary>{t('approvals.result')}</summary>
              <pre className="args-json">{JSON.stringify(outcome.result, null, 2)}</pre>
            </details>
          )}
        </div>
      )}
      {query.error !== null && <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />}
      {!rows ? (
        query.error === null && <Loading label={t('approvals.loading')} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('approvals.empty')}</p>
      ) : (
        <>
          <p className="visually-hidden" role="status">
            {t('approvals.count', { n: rows.length })}
          </p>
          <TableWrap>
            <table className="gw-table" data-testid="approvals">
              <thead>
                <tr>
                  <th scope="col">{t('approvals.action')}</th>
                  <th scope="col">{t('mcp.arguments')}</th>
                  <th scope="col">{t('approvals.requestedBy')}</th>
                  <th scope="col">{t('log.source')}</th>
                  <th scope="col">{t('log.time')}</th>
                  <th scope="col">{t('approvals.expires')}</th>
                  {decide && <th scope="col">{t('approvals.decision')}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} id={`confirmation-${c.id}`} data-action={c.action} data-id={c.id}>
                    <td className="tool">
                      {titleOf && <span className="block">{titleOf(c.action)}</span>}
                      <ToolName name={c.action} />
                    </td>
                    <td className="args">
                      <pre className="args-json">{compactJson(c.arguments)}</pre>
                    </td>
                    <td className="who" title={c.requested_by}>
                      {principal(c.requested_by)}
                    </td>
                    <td>{sourceLabel(t, c.source)}</td>
                    <td className="nowrap">
                      <time dateTime={c.created_at}>{formatDateTime(c.created_at, locale)}</time>
                    </td>
                    <td className="nowrap">
                      <Countdown expiresAt={c.expires_at} now={now} />
                    </td>
                    {decide && (
                      <td className="nowrap">
                        <button type="button" className="button primary" disabled={mutation.isPending} aria-label={t('approvals.approveLabel', { action: c.action })} onClick={() => void ask(c, 'approve')}>
                          {t('approvals.approve')}
                        </button>{' '}
                        <button type="button" className="button secondary" disabled={mutation.isPending} aria-label={t('approvals.rejectLabel', { action: c.action })} onClick={() => void ask(c, 'reject')}>
                          {t('approvals.reject')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
