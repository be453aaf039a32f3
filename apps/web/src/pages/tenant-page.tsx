import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { formatDateTime, splitDuration } from '../format.ts';
import { labelOf, useI18n, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { PRODUCT_CODES, type EventOutput, type ProductCode, type ProductOutput } from '../api/models.ts';
import { keys, tenantQuery } from '../queries.ts';
import { isPlatformSession, loadSession } from '../session.ts';
import { ErrorMessage, Link, Loading, StatusBadge } from '../ui.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { MembersSection } from './members-section.tsx';
import { SecuritySection } from './security-section.tsx';
import { DomainsSection, EditTenantForm, IntegrationsSection, invalidateTenant, StatusActions } from './tenant-operator.tsx';
import '../messages/events.es.ts';
import '../messages/tenant.es.ts';

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

function ProductRow(props: {
  code: ProductCode;
  product: ProductOutput | undefined;
  fetchedAt: number;
  busy: boolean;
  canEdit: boolean;
  onActivate(mode: 'trial' | 'subscription'): void;
  onDeactivate(): void;
}) {
  const { t } = useI18n();
  const { code, product } = props;
  const left = useCountdown(product, props.fetchedAt);
  const on = product?.status === 'trial' || product?.status === 'active';
  const name = labelOf(t, 'product', code);
  // Never activated: the trial is there; after a trial (expired, deactivated) only a subscription is.
  const trial = product ? product.trial_available : true;
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
      {!props.canEdit ? null : (
        <div className="product-actions">
          {on && product.status === 'trial' && (
            <button type="button" className="button primary" disabled={props.busy} onClick={() => props.onActivate('subscription')} aria-label={`${t('tenant.subscribe')}: ${name}`}>
              {t('tenant.subscribe')}
            </button>
          )}
          {on ? (
            <button type="button" className="button secondary" disabled={props.busy} onClick={props.onDeactivate} aria-label={`${t('tenant.deactivate')} ${name}`}>
              {t('tenant.deactivate')}
            </button>
          ) : trial ? (
            <button type="button" className="button primary" disabled={props.busy} onClick={() => props.onActivate('trial')} aria-label={`${t('tenant.activate')}: ${name}`}>
              {t('tenant.activate')}
            </button>
          ) : (
            <button type="button" className="button primary" disabled={props.busy} onClick={() => props.onActivate('subscription')} aria-label={`${t('tenant.subscribe')}: ${name}`}>
              {t('tenant.subscribe')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function TenantPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const base = `/api/v1/tenants/${encodeURIComponent(id)}`;
  // The same cache entry as the breadcrumb and the navigation: they follow what this page does.
  const detail = useQuery(tenantQuery(id));
  const events = useQuery({ queryKey: keys.tenantEvents(id), queryFn: ({ signal }) => apiRequest<{ items: EventOutput[] }>(`${base}/events?limit=20`, { signal }) });
  const product = useMutation({
    mutationFn: (change: { code: ProductCode; mode: 'trial' | 'subscription' | 'off' }) =>
      change.mode === 'off'
        ? apiRequest(`${base}/products/${change.code}`, { method: 'DELETE' })
        : apiRequest(`${base}/products`, { method: 'POST', body: { product_code: change.code, mode: change.mode } }),
    onSettled: () => invalidateTenant(queryClient, id),
  });

  const tenant = detail.data;
  if (!tenant) {
    if (detail.isError) {
      if (detail.error instanceof ApiError && detail.error.status === 404) {
        return (
          <div className="empty">
            <p>{t('tenant.notFound')}</p>
            <Link to="/tenants">{t('tenant.back')}</Link>
          </div>
        );
      }
      return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
    }
    return <Loading label={t('tenant.loading')} />;
  }

  const session = loadSession();
  const platform = isPlatformSession(session);
  // People are managed by the tenant's owners and admins (and the platform); the API checks it again.
  const managesPeople = platform || (session?.tenantId === tenant.id && (session.role === 'owner' || session.role === 'admin'));
  const eventItems = events.data?.items;
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
          <dd data-testid="tenant-contact">{tenant.contact_email}</dd>
        </div>
        <div>
          <dt>{t('tenant.plan')}</dt>
          <dd data-testid="tenant-plan">{labelOf(t, 'plan', tenant.plan)}</dd>
        </div>
        <div>
          <dt>{t('tenant.created')}</dt>
          <dd>{formatDateTime(tenant.created_at, locale)}</dd>
        </div>
      </dl>
      {managesPeople && (
        <div className="actions-row">
          <EditTenantForm key={tenant.updated_at} tenant={tenant} platform={platform} />
        </div>
      )}
      {platform && <StatusActions tenant={tenant} />}

      <section aria-labelledby="products-title" className="card">
        <h2 id="products-title">{t('tenant.products')}</h2>
        {!tenant.operational && (
          <p className="alert alert-info" data-testid="not-operational">
            {t(tenant.status === 'cancelled' ? 'tenant.cancelledNotice' : 'tenant.suspendedNotice')}
          </p>
        )}
        {product.isError && <ErrorMessage error={product.error} />}
        <ul className="products">
          {PRODUCT_CODES.map((code) => (
            <ProductRow
              key={code}
              code={code}
              product={tenant.products.find((p) => p.product_code === code)}
              fetchedAt={detail.dataUpdatedAt}
              busy={product.isPending}
              canEdit={managesPeople && tenant.operational}
              onActivate={(mode) => product.mutate({ code, mode })}
              onDeactivate={async () => {
                const current = tenant.products.find((p) => p.product_code === code);
                const ok = await confirm({
                  message: t('tenant.deactivateConfirm', { product: labelOf(t, 'product', code) }),
                  detail: t(current?.status === 'trial' ? 'tenant.deactivateTrialWarning' : 'tenant.deactivateWarning'),
                  confirmLabel: t('tenant.deactivate'),
                  destructive: true,
                });
                if (ok) product.mutate({ code, mode: 'off' });
              }}
            />
          ))}
        </ul>
      </section>

      {managesPeople && <MembersSection tenantId={tenant.id} />}
      {managesPeople && <ApiKeysSection tenantId={tenant.id} />}
      {(platform || (session?.tenantId === tenant.id && session.role === 'owner')) && <SecuritySection tenantId={tenant.id} />}

      <DomainsSection tenant={tenant} canEdit={managesPeople} />
      <IntegrationsSection tenant={tenant} canEdit={managesPeople} />

      <section aria-labelledby="events-title" className="card">
        <h2 id="events-title">{t('tenant.events')}</h2>
        {!eventItems || eventItems.length === 0 ? (
          <p className="empty">{t('tenant.noEvents')}</p>
        ) : (
          <ol className="events">
            {eventItems.map((e) => (
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
