import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../api.ts';
import { OUTBOX_STATUSES, type OutboxSubscriber, type RetryBody } from '../api/models.ts';
import { useConfirm } from '../confirm.tsx';
import { formatDateTime } from '../format.ts';
import { labelOf, useI18n } from '../i18n.tsx';
import { es as eventWords } from '../messages/events.es.ts';
import { keys, POLLING } from '../queries.ts';
import { outboxSearch, type OutboxSearch } from '../search.ts';
import { errorText, ErrorMessage, Link, Loading, TableWrap } from '../ui.tsx';
import { useNumber } from './registry-common.tsx';
import '../messages/log.es.ts';
import '../messages/outbox.es.ts';

const PAGE = 50;

/** delivered / pending / dead of one subscriber as one stacked bar (plain SVG; the numbers are written beside it). */
function CountsBar({ s }: { s: OutboxSubscriber }) {
  const total = Math.max(1, s.delivered + s.pending + s.dead);
  const w = (n: number) => (n / total) * 100;
  return (
    <svg className="bar outbox-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width={w(s.delivered)} height="10" className="bar-outcome-ok" />
      <rect x={w(s.delivered)} y="0" width={w(s.pending)} height="10" className="bar-outcome-confirmation_required" />
      <rect x={w(s.delivered) + w(s.pending)} y="0" width={w(s.dead)} height="10" className="bar-outcome-error" />
    </svg>
  );
}

type Notice = { error?: unknown; text?: string };

/** The event topics the console has words for (the topic filter's choices). */
const TOPICS = Object.keys(eventWords).map((k) => k.slice('event.'.length));

/**
 * The outbox's deliveries per subscriber: a platform admin sees every tenant's (tenantId undefined), a tenant admin
 * their own. Dead letters (a subscriber that failed every attempt) are listed with their last error and payload and
 * retried one by one or all of a subscriber; the status shown is in the URL, older rows come by cursor.
 */
export function OutboxPage({ tenantId }: { tenantId?: string }) {
  const { t, locale } = useI18n();
  const number = useNumber();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const search = outboxSearch(useSearch({ strict: false }));
  const { status = 'dead', subscriber, topic } = search;
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const routerNavigate = useNavigate();
  const scope = tenantId ?? 'platform';
  const [notice, setNotice] = useState<Notice | null>(null);

  // Dead letters and counts change by themselves (the relay keeps delivering): read again while the page is seen.
  const subscribers = useQuery({
    queryKey: [...keys.outbox(scope), 'subscribers'],
    queryFn: ({ signal }) => data(api.GET('/api/v1/outbox/subscribers', { params: { query: { tenant_id: tenantId } }, signal })).then((r) => r.items),
    ...POLLING,
  });
  const deliveries = useInfiniteQuery({
    queryKey: [...keys.outbox(scope), 'deliveries', { status, subscriber, topic }],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      data(api.GET('/api/v1/outbox/deliveries', { params: { query: { status, subscriber, topic, tenant_id: tenantId, limit: PAGE, cursor: pageParam || undefined } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    ...POLLING,
  });

  const retry = useMutation({
    mutationFn: (body: RetryBody) => data(api.POST('/api/v1/outbox/deliveries/retry', { body })),
    onSuccess: (out) => setNotice({ text: t('outbox.retried', { n: out.retried }) }),
    onError: (error) => setNotice({ error }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.outbox(scope) }),
  });

  async function retryAll(subscriber: string, dead: number) {
    if (await confirm({ message: t('outbox.retryAllQuestion', { subscriber, n: dead }), confirmLabel: t('outbox.retryAll') })) {
      setNotice(null);
      retry.mutate({ subscriber, all_dead: true, ...(tenantId ? { tenant_id: tenantId } : {}) });
    }
  }

  const rows = deliveries.data?.pages.flatMap((p) => p.items);
  /** The filters live in the URL (Back, a reload or a shared link show the same deliveries); dead is the default. */
  const setSearch = (patch: OutboxSearch) => {
    const next = { ...search, ...patch };
    void routerNavigate({ to: pathname, search: { ...(next.status && next.status !== 'dead' ? { status: next.status } : {}), ...(next.subscriber ? { subscriber: next.subscriber } : {}), ...(next.topic ? { topic: next.topic } : {}) } });
  };
  const subscriberNames = [...new Set([...(subscribers.data?.map((s) => s.subscriber) ?? []), ...(subscriber ? [subscriber] : [])])];
  const topics = topic && !TOPICS.includes(topic) ? [...TOPICS, topic] : TOPICS;

  return (
    <>
      <div className="page-header">
        <h1>{t('outbox.title')}</h1>
        <button
          type="button"
          className="button secondary"
          disabled={subscribers.isFetching || deliveries.isFetching}
          onClick={() => void queryClient.invalidateQueries({ queryKey: keys.outbox(scope) })}
        >
          {t('log.refresh')}
        </button>
      </div>
      <p className="lead">{tenantId ? t('outbox.introTenant') : t('outbox.introPlatform')}</p>
      {notice && (
        <div className={`alert ${notice.error === undefined ? 'alert-info' : 'alert-error'}`} role={notice.error === undefined ? 'status' : 'alert'} data-testid="outbox-notice">
          <p>{notice.error !== undefined ? errorText(t, notice.error) : notice.text}</p>
        </div>
      )}

      <section aria-labelledby="outbox-subscribers-title" className="card">
        <h2 id="outbox-subscribers-title">{t('outbox.subscribers')}</h2>
        {subscribers.error !== null && <ErrorMessage error={subscribers.error} onRetry={() => void subscribers.refetch()} />}
        {!subscribers.data ? (
          subscribers.error === null && <Loading label={t('outbox.loading')} />
        ) : subscribers.data.length === 0 ? (
          <p className="empty">{t('outbox.noSubscribers')}</p>
        ) : (
          <TableWrap>
            <table className="gw-table" data-testid="outbox-subscribers">
              <thead>
                <tr>
                  <th scope="col">{t('outbox.subscriber')}</th>
                  <th scope="col" className="num">
                    {t('outbox.status.delivered')}
                  </th>
                  <th scope="col" className="num">
                    {t('outbox.status.pending')}
                  </th>
                  <th scope="col" className="num">
                    {t('outbox.status.dead')}
                  </th>
                  <th scope="col">{t('outbox.share')}</th>
                  <th scope="col">{t('outbox.oldestPending')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('outbox.retryAll')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {subscribers.data.map((s) => (
                  <tr key={s.subscriber} data-subscriber={s.subscriber}>
                    <td>
                      <code>{s.subscriber}</code>
                      {!s.registered && <span className="muted"> ({t('outbox.notRegistered')})</span>}
                    </td>
                    <td className="num">{number(s.delivered)}</td>
                    <td className="num">{number(s.pending)}</td>
                    <td className="num" data-testid="dead-count">
                      {number(s.dead)}
                    </td>
                    <td>
                      <CountsBar s={s} />
                    </td>
                    <td className="nowrap">{s.oldest_pending_at ? <time dateTime={s.oldest_pending_at}>{formatDateTime(s.oldest_pending_at, locale)}</time> : <span className="muted">—</span>}</td>
                    <td>
                      {s.dead > 0 && (
                        <button type="button" className="button secondary" disabled={retry.isPending} aria-label={t('outbox.retryAllLabel', { subscriber: s.subscriber })} onClick={() => void retryAll(s.subscriber, s.dead)}>
                          {t('outbox.retryAll')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="outbox-deliveries-title" className="card">
        <h2 id="outbox-deliveries-title">{t('outbox.deliveries')}</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('log.filters')}>
          <div className="field">
            <label htmlFor="outbox-status">{t('outbox.statusLabel')}</label>
            <select id="outbox-status" value={status} onChange={(e) => setSearch({ status: OUTBOX_STATUSES.find((s) => s === e.target.value) })}>
              {OUTBOX_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`outbox.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="outbox-subscriber">{t('outbox.subscriber')}</label>
            <select id="outbox-subscriber" value={subscriber ?? ''} onChange={(e) => setSearch({ subscriber: e.target.value || undefined })}>
              <option value="">{t('tenants.any')}</option>
              {subscriberNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="outbox-topic">{t('outbox.topic')}</label>
            <select id="outbox-topic" value={topic ?? ''} onChange={(e) => setSearch({ topic: e.target.value || undefined })}>
              <option value="">{t('tenants.any')}</option>
              {topics.map((name) => (
                <option key={name} value={name}>
                  {labelOf(t, 'event', name)}
                </option>
              ))}
            </select>
          </div>
        </form>
        {deliveries.error !== null && <ErrorMessage error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
        {!rows ? (
          deliveries.error === null && <Loading label={t('outbox.loading')} />
        ) : rows.length === 0 ? (
          <p className="empty" data-testid="outbox-empty">
            {t(`outbox.empty.${status}`)}
          </p>
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {t('outbox.count', { n: rows.length })}
            </p>
            <TableWrap aria-busy={deliveries.isFetching}>
              <table className="gw-table" data-testid="outbox-deliveries">
                <thead>
                  <tr>
                    <th scope="col">{t('log.time')}</th>
                    <th scope="col">{t('outbox.subscriber')}</th>
                    <th scope="col">{t('outbox.topic')}</th>
                    {!tenantId && <th scope="col">{t('outbox.tenant')}</th>}
                    <th scope="col" className="num">
                      {t('outbox.attempts')}
                    </th>
                    <th scope="col">{t('outbox.lastError')}</th>
                    <th scope="col">{t('outbox.payload')}</th>
                    {status === 'dead' && (
                      <th scope="col">
                        <span className="visually-hidden">{t('outbox.retry')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={`${d.subscriber}/${d.event_id}`} data-subscriber={d.subscriber} data-event={d.event_id}>
                      <td className="nowrap">
                        <time dateTime={d.updated_at}>{formatDateTime(d.updated_at, locale)}</time>
                      </td>
                      <td>
                        <code>{d.subscriber}</code>
                      </td>
                      <td>
                        {labelOf(t, 'event', d.topic)} <code className="muted">{d.topic}</code>
                      </td>
                      {!tenantId && (
                        <td>
                          <Link to={`/tenants/${encodeURIComponent(d.tenant_id)}`}>{d.tenant_name ?? <code title={d.tenant_id}>{d.tenant_id.slice(0, 8)}</code>}</Link>
                          {d.tenant_rut && <span className="muted rut"> {d.tenant_rut}</span>}
                        </td>
                      )}
                      <td className="num">
                        {d.max_attempts === null ? number(d.attempts) : t('outbox.attemptsOf', { n: d.attempts, max: d.max_attempts })}
                      </td>
                      <td className="args">{d.last_error ?? <span className="muted">—</span>}</td>
                      <td className="args">
                        <details>
                          <summary>{t('outbox.payloadShow')}</summary>
                          <pre className="args-json">{JSON.stringify(d.payload, null, 2)}</pre>
                        </details>
                      </td>
                      {status === 'dead' && (
                        <td>
                          <button
                            type="button"
                            className="button secondary"
                            disabled={retry.isPending}
                            aria-label={t('outbox.retryLabel', { subscriber: d.subscriber, event: d.event_id })}
                            onClick={() => {
                              setNotice(null);
                              retry.mutate({ subscriber: d.subscriber, event_id: d.event_id, ...(tenantId ? { tenant_id: tenantId } : { tenant_id: d.tenant_id }) });
                            }}
                          >
                            {t('outbox.retry')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            {deliveries.hasNextPage && (
              <button type="button" className="button secondary" disabled={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
                {deliveries.isFetchingNextPage ? t('outbox.loading') : t('outbox.more')}
              </button>
            )}
          </>
        )}
      </section>
    </>
  );
}
