import { parseRut } from '@smarteros/kernel/rut';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import * as z from 'zod/mini';
import { apiRequest, ApiError } from '../api.ts';
import { labelOf, hasMessage, useI18n, type MessageKey, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import type { Body, Ok, TenantDetail } from '../api/models.ts';
import { keys } from '../queries.ts';
import { bodySchema, SelectField, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { ErrorMessage, errorText, Field, issuesByField } from '../ui.tsx';
import '../messages/tenant.es.ts';

type Plan = Ok<'/api/v1/plans', 'get'>['items'][number];
type StatusAction = TenantDetail['status_actions'][number];
type DomainBody = Body<'/api/v1/tenants/{id}/domains', 'post'>;
type DomainType = NonNullable<DomainBody['domain_type']>;
type IntegrationBody = Body<'/api/v1/tenants/{id}/integrations', 'post'>;
type IntegrationType = IntegrationBody['integration_type'];
type IntegrationStatus = NonNullable<IntegrationBody['status']>;

const DOMAIN_TYPES: readonly DomainType[] = ['primary', 'chat', 'erp', 'automation', 'store'];
const INTEGRATION_TYPES: readonly IntegrationType[] = ['chatwoot', 'odoo', 'n8n', 'metabase', 'meta', 'telegram', 'transbank', 'sii', 'custom'];
const INTEGRATION_STATUSES: readonly IntegrationStatus[] = ['pending', 'connected', 'error', 'disabled'];

/** The tenant's queries (its record, the breadcrumb's copy of it, its events, the tables): stale after any change. */
export function invalidateTenant(queryClient: QueryClient, id: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.tenant(id) }),
    queryClient.invalidateQueries({ queryKey: keys.tenantEvents(id) }),
    queryClient.invalidateQueries({ queryKey: keys.overview }),
  ]).then(() => undefined);
}

/** A word for a value with a key of its own, else the value as it is (a brand name such as Chatwoot). */
function word(t: Translate, key: string, value: string): string {
  return hasMessage(key) ? t(key) : value;
}

/** The plans a tenant can be on, named in words (GET /api/v1/plans). */
export function usePlans() {
  return useQuery({
    queryKey: keys.plans,
    queryFn: ({ signal }) => apiRequest<Ok<'/api/v1/plans', 'get'>>('/api/v1/plans', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function planName(t: Translate, plan: Plan | string): string {
  const code = typeof plan === 'string' ? plan : plan.code;
  return hasMessage(`plan.${code}`) ? labelOf(t, 'plan', code) : typeof plan === 'string' ? plan : plan.name;
}

/** A select of the plans, in words, as a field of its form; the current value stays listed while the plans load. */
export function PlanSelect<V extends FieldValues>({ form, name, id }: { form: UseFormReturn<V, unknown, FieldValues>; name: Path<V>; id: string }) {
  const { t } = useI18n();
  const plans = usePlans();
  const value = String(form.watch(name) ?? '');
  const items = plans.data?.items ?? [];
  const codes = items.some((p) => p.code === value) ? items : [{ code: value, name: value, trial_days: null, is_unlimited: false }, ...items];
  return (
    <>
      <SelectField form={form} name={name} id={id} label={t('tenant.plan')} busy={plans.isFetching}>
        {codes.map((p) => (
          <option key={p.code} value={p.code}>
            {planName(t, p)}
          </option>
        ))}
      </SelectField>
      {plans.isError && <ErrorMessage error={plans.error} onRetry={() => void plans.refetch()} />}
    </>
  );
}

/** Suspend, reactivate, cancel: the moves the server allows now (status_actions), each asked for first. */
export function StatusActions({ tenant }: { tenant: TenantDetail }) {
  const { t } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (action: StatusAction) => apiRequest<TenantDetail>(`/api/v1/tenants/${tenant.id}/${action}`, { method: 'POST', body: {} }),
    onSuccess: (detail) => queryClient.setQueryData(['tenant', tenant.id], detail),
    onSettled: () => invalidateTenant(queryClient, tenant.id),
  });
  const actions = tenant.status_actions;
  if (actions.length === 0) return null;
  const ask = async (action: StatusAction) => {
    const ok = await confirm({
      message: t(`tenantAction.${action}Confirm`, { name: tenant.business_name }),
      detail: t(`tenantAction.${action}Detail`),
      confirmLabel: t(`tenantAction.${action}`),
      destructive: action === 'suspend' || action === 'cancel',
      ...(action === 'cancel' ? { typeToConfirm: tenant.business_name } : {}),
    });
    if (ok) move.mutate(action);
  };
  return (
    <section aria-labelledby="status-title" className="card">
      <h2 id="status-title">{t('tenant.statusActions')}</h2>
      <div className="actions-row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button ${action === 'cancel' ? 'danger' : 'secondary'}`}
            disabled={move.isPending}
            onClick={() => void ask(action)}
          >
            {move.isPending && move.variables === action ? t('tenant.working') : t(`tenantAction.${action}`)}
          </button>
        ))}
      </div>
      {move.isError && <ErrorMessage error={move.error} />}
    </section>
  );
}

/** A RUT as the kernel checks it (modulo 11), each problem in its own words. */
export const rutField = (t: Translate) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const parsed = parseRut(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: t(`rut.${parsed.problem}` as MessageKey) });
    }),
  );

/** A business name and a contact e-mail, trimmed: the create and the edit forms check them the same way. */
export const tenantNameField = (t: Translate) => z.string().check(z.trim(), z.minLength(2, t('field.nameShort')));
export const contactEmailField = (t: Translate) => z.string().check(z.trim(), z.email(t('field.email')));

type TenantPatch = Body<'/api/v1/tenants/{id}', 'patch'>;

/** The edit form: the body of PATCH /api/v1/tenants/:id (the plan is sent by the platform, and only when it changed). */
const editTenantSchema = (t: Translate) =>
  bodySchema<TenantPatch>()(z.object({ business_name: tenantNameField(t), contact_email: contactEmailField(t), plan: z.string() }));

/** Name, contact e-mail and (for the platform) plan. */
export function EditTenantForm({ tenant, platform }: { tenant: TenantDetail; platform: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!tenant.operational && tenant.status === 'cancelled') return null;
  if (!open) {
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        {t('tenant.edit')}
      </button>
    );
  }
  // Opened anew each time, with the tenant as it is now.
  return <EditTenantFields tenant={tenant} platform={platform} onClose={() => setOpen(false)} />;
}

function EditTenantFields({ tenant, platform, onClose }: { tenant: TenantDetail; platform: boolean; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const schema = useMemo(() => editTenantSchema(t), [t]);
  const form = useSchemaForm(schema, { business_name: tenant.business_name, contact_email: tenant.contact_email, plan: tenant.plan });
  const save = useMutation({
    mutationFn: (body: TenantPatch) => apiRequest<TenantDetail>(`/api/v1/tenants/${tenant.id}`, { method: 'PATCH', body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(['tenant', tenant.id], detail);
      onClose();
    },
    onError: (err) => void setServerIssues(form, err),
    onSettled: () => invalidateTenant(queryClient, tenant.id),
  });
  const submit = form.handleSubmit(async ({ plan, ...body }) => {
    await save.mutateAsync(platform && plan !== tenant.plan ? { ...body, plan } : body).catch(() => undefined);
  });
  const fieldless = save.isError && !form.formState.errors.business_name && !form.formState.errors.contact_email && !form.formState.errors.plan;
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-title">
      <h2 id="edit-title">{t('tenant.editTitle')}</h2>
      <TextField form={form} name="business_name" id="edit-name" label={t('create.name')} required autoComplete="organization" />
      <TextField form={form} name="contact_email" id="edit-email" label={t('create.email')} type="email" inputMode="email" required autoComplete="email" />
      {platform && <PlanSelect form={form} name="plan" id="edit-plan" />}
      {fieldless && <ErrorMessage error={save.error} />}
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('tenant.saving') : t('tenant.save')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('confirm.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Domains: the list with what DNS needs for the unverified ones, and (for admins) a subdomain, a custom domain, verify. */
export function DomainsSection({ tenant, canEdit }: { tenant: TenantDetail; canEdit: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'subdomain' | 'domain'>('subdomain');
  const [value, setValue] = useState('');
  const [type, setType] = useState<DomainType>('primary');
  const base = `/api/v1/tenants/${tenant.id}/domains`;
  const add = useMutation({
    mutationFn: (body: DomainBody) => apiRequest(base, { method: 'POST', body }),
    onSuccess: () => setValue(''),
    onSettled: () => invalidateTenant(queryClient, tenant.id),
  });
  const verify = useMutation({
    mutationFn: (domainId: string) => apiRequest<TenantDetail['domains'][number]>(`${base}/${domainId}/verify`, { method: 'POST' }),
    onSettled: () => invalidateTenant(queryClient, tenant.id),
  });
  const editable = canEdit && tenant.operational;
  const fields = issuesByField(add.error);
  return (
    <section aria-labelledby="domains-title" className="card">
      <h2 id="domains-title">{t('tenant.domains')}</h2>
      {tenant.domains.length === 0 ? (
        <p className="empty">{t('tenant.noDomains')}</p>
      ) : (
        <ul className="plain-list domains">
          {tenant.domains.map((d) => (
            <li key={d.id} data-domain={d.domain}>
              <strong>{d.domain}</strong> <span className="muted">({word(t, `domainType.${d.domain_type}`, d.domain_type)})</span>{' '}
              {d.verified ? (
                <span className="badge badge-active">{t('tenant.verified')}</span>
              ) : (
                <>
                  <span className="badge badge-suspended">{t('tenant.notVerified')}</span>
                  {d.verification && (
                    <div className="txt-record">
                      <p>{t('tenant.txtIntro')}</p>
                      <dl className="facts">
                        <div>
                          <dt>{t('tenant.txtType')}</dt>
                          <dd>{d.verification.record_type}</dd>
                        </div>
                        <div>
                          <dt>{t('tenant.txtName')}</dt>
                          <dd data-testid="txt-name">{d.verification.name}</dd>
                        </div>
                        <div>
                          <dt>{t('tenant.txtValue')}</dt>
                          <dd data-testid="txt-value">{d.verification.value}</dd>
                        </div>
                      </dl>
                    </div>
                  )}
                  {editable && (
                    <button type="button" className="button secondary" disabled={verify.isPending} onClick={() => verify.mutate(d.id)} aria-label={`${t('tenant.verify')} ${d.domain}`}>
                      {verify.isPending && verify.variables === d.id ? t('tenant.verifying') : t('tenant.verify')}
                    </button>
                  )}
                  {verify.isError && verify.variables === d.id && !verify.isPending && (
                    <div className="alert alert-error" role="alert">
                      <p>{verify.error instanceof ApiError && verify.error.code === 'unprocessable' ? t('tenant.notYetVerified') : errorText(t, verify.error)}</p>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form
          className="form"
          aria-labelledby="domain-add-title"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(kind === 'subdomain' ? { subdomain: value.trim().toLowerCase(), domain_type: type } : { domain: value.trim().toLowerCase(), domain_type: type });
          }}
        >
          <h3 id="domain-add-title">{t('tenant.addDomain')}</h3>
          <fieldset className="field">
            <legend>{t('tenant.domainKind')}</legend>
            <div className="checks">
              {(['subdomain', 'domain'] as const).map((k) => (
                <label key={k} className="check">
                  <input type="radio" name="domain-kind" checked={kind === k} onChange={() => setKind(k)} />
                  {t(k === 'subdomain' ? 'tenant.kindSubdomain' : 'tenant.kindCustom')}
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            id="domain-value"
            label={t(kind === 'subdomain' ? 'tenant.subdomain' : 'tenant.customDomain')}
            hint={t(kind === 'subdomain' ? 'tenant.subdomainHint' : 'tenant.customDomainHint')}
            value={value}
            onChange={setValue}
            required
            error={fields.subdomain ?? fields.domain}
          />
          <div className="field">
            <label htmlFor="domain-type">{t('tenant.domainType')}</label>
            <select id="domain-type" value={type} onChange={(e) => setType(DOMAIN_TYPES.find((d) => d === e.target.value) ?? 'primary')}>
              {DOMAIN_TYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`domainType.${d}`)}
                </option>
              ))}
            </select>
          </div>
          {add.isError && !(fields.subdomain ?? fields.domain) && <ErrorMessage error={add.error} />}
          <button type="submit" className="button primary" disabled={add.isPending || value.trim() === ''}>
            {add.isPending ? t('tenant.adding') : t('tenant.addDomainSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Integrations: the list, and (for admins) set one's status and reference. */
export function IntegrationsSection({ tenant, canEdit }: { tenant: TenantDetail; canEdit: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [type, setType] = useState<IntegrationType>('chatwoot');
  const [status, setStatus] = useState<IntegrationStatus>('connected');
  const [reference, setReference] = useState('');
  const set = useMutation({
    mutationFn: (body: IntegrationBody) => apiRequest(`/api/v1/tenants/${tenant.id}/integrations`, { method: 'POST', body }),
    onSuccess: () => setReference(''),
    onSettled: () => invalidateTenant(queryClient, tenant.id),
  });
  const editable = canEdit && tenant.operational;
  const fields = issuesByField(set.error);
  return (
    <section aria-labelledby="integrations-title" className="card">
      <h2 id="integrations-title">{t('tenant.integrations')}</h2>
      {tenant.integrations.length === 0 ? (
        <p className="empty">{t('tenant.noIntegrations')}</p>
      ) : (
        <ul className="plain-list integrations">
          {tenant.integrations.map((i) => (
            <li key={i.id} data-integration={i.integration_type}>
              <strong>{word(t, `integration.${i.integration_type}`, i.integration_type)}</strong> {i.external_id && <span className="muted">{i.external_id}</span>}{' '}
              <span className="badge">{word(t, `integrationStatus.${i.status}`, i.status)}</span>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form
          className="form"
          aria-labelledby="integration-set-title"
          onSubmit={(e) => {
            e.preventDefault();
            const ref = reference.trim();
            set.mutate(ref ? { integration_type: type, status, external_id: ref } : { integration_type: type, status });
          }}
        >
          <h3 id="integration-set-title">{t('tenant.setIntegration')}</h3>
          <div className="field">
            <label htmlFor="integration-type">{t('tenant.integrationType')}</label>
            <select id="integration-type" value={type} onChange={(e) => setType(INTEGRATION_TYPES.find((x) => x === e.target.value) ?? 'chatwoot')}>
              {INTEGRATION_TYPES.map((x) => (
                <option key={x} value={x}>
                  {word(t, `integration.${x}`, x)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="integration-status">{t('tenant.integrationStatus')}</label>
            <select id="integration-status" value={status} onChange={(e) => setStatus(INTEGRATION_STATUSES.find((x) => x === e.target.value) ?? 'pending')}>
              {INTEGRATION_STATUSES.map((x) => (
                <option key={x} value={x}>
                  {t(`integrationStatus.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <Field id="integration-ref" label={t('tenant.integrationRef')} hint={t('tenant.integrationRefHint')} value={reference} onChange={setReference} error={fields.external_id} />
          {set.isError && !fields.external_id && <ErrorMessage error={set.error} />}
          <button type="submit" className="button primary" disabled={set.isPending}>
            {set.isPending ? t('tenant.saving') : t('tenant.setIntegrationSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
