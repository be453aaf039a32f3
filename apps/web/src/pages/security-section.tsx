import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest, queryString } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { hasMessage, useI18n, type Translate } from '../i18n.tsx';
import type { Page, SecurityEventOutput } from '../api/models.ts';
import { keys } from '../queries.ts';
import { ErrorMessage, Loading, roleLabel, TableWrap } from '../ui.tsx';
import '../messages/security.es.ts';

/** Entries per page of the log. */
const PAGE_SIZE = 50;

/** An action code in the reader's language; unknown codes are shown as they come. */
function actionLabel(t: Translate, action: string): string {
  const key = `action.${action}`;
  return hasMessage(key) ? t(key) : action;
}

/** Who did it, as a person reads it: the person's name (or e-mail), the API key's name, or the system; never `user:<id>`. */
export function actorText(t: Translate, e: Pick<SecurityEventOutput, 'actor' | 'actor_kind' | 'actor_name' | 'actor_email'>): string {
  if (e.actor_kind === 'api_key') return t('security.apiKey', { name: e.actor_name ?? '' }).trim();
  if (e.actor_name) return e.actor_name;
  if (e.actor_email) return e.actor_email;
  if (e.actor_kind === 'system' || e.actor === 'system' || e.actor === 'reset') return t('security.system');
  // A stored actor that is not an id (an e-mail, an OIDC subject) is shown as it is; an id of nobody known (an account since deleted), in words.
  return /^[a-z_]+:[0-9a-f-]{8,}$/i.test(e.actor) ? t('security.unknownPerson') : e.actor;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The details a person reads (who was invited, with which role, why it was revoked); ids stay out. */
export function detailText(t: Translate, action: string, details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of ['email', 'phone', 'name', 'device']) {
    const v = str(details[name]);
    if (v) parts.push(action === 'api_key.created' || action === 'api_key.revoked' ? (name === 'name' ? `«${v}»` : v) : v);
  }
  if (typeof details.role === 'string') parts.push(roleLabel(t, details.role));
  if (typeof details.from === 'string' && typeof details.to === 'string') parts.push(`${roleLabel(t, details.from)} → ${roleLabel(t, details.to)}`);
  const hint = str(details.hint);
  if (hint) parts.push(t('security.keyHint', { hint: `…${hint}` }));
  if (details.reason === 'superseded') parts.push(t('security.superseded'));
  else if (details.reason === 'revoked') parts.push(t('security.revokedByHand'));
  if (typeof details.sessions_ended === 'number') parts.push(t('security.sessionsEnded', { n: details.sessions_ended }));
  const ip = str(details.ip);
  if (ip && action !== 'auth.login') parts.push(ip);
  return parts.join(' · ');
}

/** The tenant's security log (sign-ins, people, roles, API keys), for its owners and the platform; newest first, by pages. */
export function SecuritySection({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const base = `/api/v1/tenants/${encodeURIComponent(tenantId)}/security-events`;
  const log = useInfiniteQuery({
    // Invalidated by what changes people on the page (an invitation, a role, a key): the log is read again.
    queryKey: keys.securityEvents(tenantId),
    queryFn: ({ pageParam, signal }) => apiRequest<Page<SecurityEventOutput>>(`${base}${queryString({ limit: PAGE_SIZE, cursor: pageParam ?? undefined })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

  const events = log.data?.pages.flatMap((p) => p.items) ?? null;
  return (
    <section aria-labelledby="security-title" className="card">
      <h2 id="security-title">{t('security.title')}</h2>
      {log.error && !events ? (
        <ErrorMessage error={log.error} onRetry={() => void log.refetch()} />
      ) : !events ? (
        <Loading label={t('security.loading')} />
      ) : events.length === 0 ? (
        <p className="empty">{t('security.empty')}</p>
      ) : (
        <>
          <TableWrap>
            <table className="log-table" data-testid="security-events">
              <thead>
                <tr>
                  <th scope="col">{t('security.colDate')}</th>
                  <th scope="col">{t('security.colAction')}</th>
                  <th scope="col">{t('security.colActor')}</th>
                  <th scope="col">{t('security.colDetails')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at, locale)}</time>
                    </td>
                    <td>{actionLabel(t, e.action)}</td>
                    <td>
                      {actorText(t, e)}
                      {e.actor_name && e.actor_email && e.actor_email !== e.actor_name && <span className="muted"> {e.actor_email}</span>}
                    </td>
                    <td>{detailText(t, e.action, e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="muted" data-testid="security-count">
            {t('security.count', { n: events.length })}
          </p>
          {log.error && <ErrorMessage error={log.error} onRetry={() => void log.fetchNextPage()} />}
          {log.hasNextPage && (
            <button type="button" className="button secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {log.isFetchingNextPage ? t('security.loadingMore') : t('security.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
