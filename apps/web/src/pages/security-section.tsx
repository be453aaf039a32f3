import { useCallback, useEffect, useState } from 'react';
import { apiRequest } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { MESSAGES_ES, useI18n, type MessageKey, type Translate } from '../i18n.tsx';
import type { MemberOutput, SecurityEventOutput } from '../api/models.ts';
import { ErrorMessage, Loading, roleLabel, TableWrap } from '../ui.tsx';

/** An action code in the reader's language; unknown codes are shown as they come. */
function actionLabel(t: Translate, action: string): string {
  const key = `action.${action}`;
  return key in MESSAGES_ES ? t(key as MessageKey) : action;
}

/** The few details a person reads (who was invited, with which role); ids and addresses stay out. */
function detailText(t: Translate, details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of ['email', 'phone', 'name']) if (typeof details[name] === 'string') parts.push(details[name]);
  if (typeof details.role === 'string') parts.push(roleLabel(t, details.role));
  if (typeof details.from === 'string' && typeof details.to === 'string') parts.push(`${roleLabel(t, details.from)} → ${roleLabel(t, details.to)}`);
  return parts.join(' · ');
}

/** The tenant's security log (sign-ins, people, roles, API keys), for its owners and the platform. */
export function SecuritySection({ tenantId, refresh = 0 }: { tenantId: string; refresh?: number }) {
  const { t, locale } = useI18n();
  const base = `/api/v1/tenants/${encodeURIComponent(tenantId)}`;
  const [events, setEvents] = useState<SecurityEventOutput[] | null>(null);
  const [people, setPeople] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [log, members] = await Promise.all([
        apiRequest<{ items: SecurityEventOutput[] }>(`${base}/security-events`),
        apiRequest<{ items: MemberOutput[] }>(`${base}/members`).catch(() => ({ items: [] as MemberOutput[] })),
      ]);
      setPeople(Object.fromEntries(members.items.map((m) => [`user:${m.user_id}`, m.display_name ?? m.email])));
      setEvents(log.items);
    } catch (err) {
      setError(err);
    }
  }, [base]);

  useEffect(() => {
    void load();
  }, [load, refresh]);

  return (
    <section aria-labelledby="security-title" className="card">
      <h2 id="security-title">{t('security.title')}</h2>
      {error !== null ? (
        <ErrorMessage error={error} onRetry={() => void load()} />
      ) : !events ? (
        <Loading label={t('security.loading')} />
      ) : events.length === 0 ? (
        <p className="empty">{t('security.empty')}</p>
      ) : (
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
                  <td>{people[e.actor] ?? e.actor}</td>
                  <td>{detailText(t, e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
