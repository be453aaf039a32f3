import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { formatDateTime, splitDuration } from '../format.ts';
import { labelOf, useI18n, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { PRODUCT_CODES, type EventOutput, type ProductOutput, type TenantDetail } from '../api/models.ts';
import { isPlatformSession, loadSession } from '../session.ts';
import { ErrorMessage, Link, Loading, StatusBadge } from '../ui.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { MembersSection } from './members-section.tsx';
import { SecuritySection } from './security-section.tsx';

function durationText(t: Translate, seconds: number): string {
  return splitDuration(seconds)
    .map(([n, unit]) => t(`time.${unit}`, { n }))
    .join(' ');
}

/** Seconds left of a trial, counted down from the server's figure (the server's clock is the one that expires it). */
function useCountdown(product: ProductOutput | undefined, fetchedAt: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  const ticking = product?.status === 'trial' && product.trial_seconds_left !== null;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  if (!ticking || product.trial_seconds_left === null) return null;
  return Math.max(0, product.trial_seconds_left - Math.floor((now - fetchedAt) / 1000));
}

function ProductRow(props: { code: string; product: ProductOutput | undefined; fetchedAt: number; busy: boolean; canEdit: boolean; onActivate(): void; onDeactivate(): void }) {
  const { t } = useI18n();
  const { code, product } = props;
  const left = useCountdown(product, props.fetchedAt);
  const on = product?.status === 'trial' || product?.status === 'active';
  const name = labelOf(t, 'product', code);
  return (
    <li className="product" data-product={code}>
      <div>
        <strong>{name}</strong> {product ? <StatusBadge status={product.status} of="product" /> : <span className="muted">{t('tenant.notActive')}</span>}
        {left !== null && (
          <p className="countdown" aria-live="off">
            {left > 0 ? t('tenant.trialLeft', { time: durationText(t, left) }) : t('tenant.trialOver')}
          </p>
        )}
      </div>
      {!props.canEdit ? null : on ? (
        <button type="button" className="button secondary" disabled={props.busy} onClick={props.onDeactivate} aria-label={`${t('tenant.deactivate')} ${name}`}>
          {t('tenant.deactivate')}
        </button>
      ) : (
        <button type="button" className="button primary" disabled={props.busy} onClick={props.onActivate} aria-label={`${t('tenant.activate')}: ${name}`}>
          {t('tenant.activate')}
        </button>
      )}
    </li>
  );
}

export function TenantPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const [tenant, setTenant] = useState<TenantDetail | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  /** Bumped when people change, so the security log shows the new entries. */
  const [peopleChanges, setPeopleChanges] = useState(0);
  const [events, setEvents] = useState<EventOutput[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();

  const load = useCallback(async () => {
    setError(null);
    try {
      const base = `/api/v1/tenants/${encodeURIComponent(id)}`;
      const [detail, ev] = await Promise.all([apiRequest<TenantDetail>(base), apiRequest<{ items: EventOutput[] }>(`${base}/events?limit=20`)]);
      setTenant(detail);
      // The shared cache entry the breadcrumb and the navigation read: they follow what this page just did.
      queryClient.setQueryData(['tenant', id], detail);
      setFetchedAt(Date.now());
      setEvents(ev.items);
    } catch (err) {
      setError(err);
    }
  }, [id, queryClient]);

  useEffect(() => {
    setTenant(null);
    void load();
  }, [load]);

  async function act(request: () => Promise<unknown>) {
    setBusy(true);
    setActionError(null);
    try {
      await request();
      await load();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  }

  if (error !== null && !tenant) {
    if (error instanceof ApiError && error.status === 404) {
      return (
        <div className="empty">
          <p>{t('tenant.notFound')}</p>
          <Link to="/tenants">{t('tenant.back')}</Link>
        </div>
      );
    }
    return <ErrorMessage error={error} onRetry={() => void load()} />;
  }
  if (!tenant) return <Loading label={t('tenant.loading')} />;

  const session = loadSession();
  const platform = isPlatformSession(session);
  // People are managed by the tenant's owners and admins (and the platform); the API checks it again.
  const managesPeople = platform || (session?.tenantId === tenant.id && (session.role === 'owner' || session.role === 'admin'));
  const base = `/api/v1/tenants/${tenant.id}`;
  return (
    <>
      {platform && (
        <p>
          <Link to="/tenants">← {t('tenant.back')}</Link>
        </p>
      )}
      <div className="page-header">
        <h1>{tenant.business_name}</h1>
        <StatusBadge status={tenant.status} />
      </div>
      <dl className="facts">
        <div>
          <dt>RUT</dt>
          <dd data-testid="tenant-rut">{tenant.rut_formatted}</dd>
        </div>
        <div>
          <dt>{t('tenant.contact')}</dt>
          <dd>{tenant.contact_email}</dd>
        </div>
        <div>
          <dt>{t('tenant.plan')}</dt>
          <dd>{labelOf(t, 'plan', tenant.plan)}</dd>
        </div>
        <div>
          <dt>{t('tenant.created')}</dt>
          <dd>{formatDateTime(tenant.created_at, locale)}</dd>
        </div>
      </dl>
      {actionError !== null && <ErrorMessage error={actionError} />}

      <section aria-labelledby="products-title" className="card">
        <h2 id="products-title">{t('tenant.products')}</h2>
        <ul className="products">
          {PRODUCT_CODES.map((code) => (
            <ProductRow
              key={code}
              code={code}
              product={tenant.products.find((p) => p.product_code === code)}
              fetchedAt={fetchedAt}
              busy={busy}
              canEdit={managesPeople}
              onActivate={() => void act(() => apiRequest(`${base}/products`, { method: 'POST', body: { product_code: code, mode: 'trial' } }))}
              onDeactivate={async () => {
                if (await confirm({ message: t('tenant.deactivateConfirm', { product: labelOf(t, 'product', code) }), confirmLabel: t('tenant.deactivate'), destructive: true })) {
                  void act(() => apiRequest(`${base}/products/${code}`, { method: 'DELETE' }));
                }
              }}
            />
          ))}
        </ul>
      </section>

      {managesPeople && <MembersSection tenantId={tenant.id} onChange={() => setPeopleChanges((n) => n + 1)} />}
      {managesPeople && <ApiKeysSection tenantId={tenant.id} />}
      {(platform || (session?.tenantId === tenant.id && session.role === 'owner')) && <SecuritySection tenantId={tenant.id} refresh={peopleChanges} />}

      <section aria-labelledby="domains-title" className="card">
        <h2 id="domains-title">{t('tenant.domains')}</h2>
        {tenant.domains.length === 0 ? (
          <p className="empty">{t('tenant.noDomains')}</p>
        ) : (
          <ul className="plain-list">
            {tenant.domains.map((d) => (
              <li key={d.id}>
                <strong>{d.domain}</strong> <span className="muted">({d.domain_type})</span>{' '}
                {d.verified ? (
                  <span className="badge badge-active">{t('tenant.verified')}</span>
                ) : (
                  <span className="badge badge-suspended">
                    {d.verification ? t('tenant.unverified', { name: d.verification.name, value: d.verification.value }) : labelOf(t, 'status', 'inactive')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="integrations-title" className="card">
        <h2 id="integrations-title">{t('tenant.integrations')}</h2>
        {tenant.integrations.length === 0 ? (
          <p className="empty">{t('tenant.noIntegrations')}</p>
        ) : (
          <ul className="plain-list">
            {tenant.integrations.map((i) => (
              <li key={i.id}>
                <strong>{i.integration_type}</strong> {i.external_id && <span className="muted">{i.external_id}</span>} <span className="badge">{i.status}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="events-title" className="card">
        <h2 id="events-title">{t('tenant.events')}</h2>
        {!events || events.length === 0 ? (
          <p className="empty">{t('tenant.noEvents')}</p>
        ) : (
          <ol className="events">
            {events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at, locale)}</time> <span data-topic={e.topic}>{labelOf(t, 'event', e.topic)}</span>
                {typeof e.payload.product_code === 'string' && <span className="muted"> · {labelOf(t, 'product', e.payload.product_code)}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
