import { useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { apiRequest, ApiError } from '../api.ts';
import { formatRutInput } from '../format.ts';
import { bodySchema, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { labelOf, useI18n, type Translate } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { DEFAULT_PRODUCTS, PRODUCT_CODES, type CreateTenantBody, type TenantDetail } from '../api/models.ts';
import { ErrorMessage } from '../ui.tsx';
import { contactEmailField, PlanSelect, rutField, tenantNameField } from './tenant-operator.tsx';
import '../messages/tenant.es.ts';

/** The create form: the body of POST /api/v1/tenants. */
export const newTenantSchema = (t: Translate) =>
  bodySchema<CreateTenantBody>()(
    z.object({
      rut: rutField(t),
      business_name: tenantNameField(t),
      contact_email: contactEmailField(t),
      plan: z.string(),
      products: z.array(z.enum(PRODUCT_CODES)),
    }),
  );

export function NewTenantPage() {
  const { t } = useI18n();
  const schema = useMemo(() => newTenantSchema(t), [t]);
  const form = useSchemaForm(schema, { rut: '', business_name: '', contact_email: '', plan: 'trial', products: [...DEFAULT_PRODUCTS] });
  const { isSubmitting } = form.formState;
  /** An answer that fits no field, shown above the form until the next try. */
  const [failure, setFailure] = useState<unknown>(null);

  const submit = form.handleSubmit(async (body) => {
    setFailure(null);
    try {
      const created = await apiRequest<TenantDetail>('/api/v1/tenants', { method: 'POST', body });
      navigate(`/tenants/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'rut_taken') form.setError('rut', { type: 'server', message: t('create.rutTaken') }, { shouldFocus: true });
      else if (!setServerIssues(form, err)) setFailure(err);
    }
  });

  return (
    <>
      <h1>{t('create.title')}</h1>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-tenant-title">
        <span id="new-tenant-title" className="visually-hidden">
          {t('create.title')}
        </span>
        {failure !== null && <ErrorMessage error={failure} />}
        <TextField form={form} name="rut" id="tenant-rut" label={t('create.rut')} hint={t('create.rutHint')} autoComplete="off" inputMode="text" required format={formatRutInput} />
        <TextField form={form} name="business_name" id="tenant-business_name" label={t('create.name')} autoComplete="organization" required />
        <TextField form={form} name="contact_email" id="tenant-contact_email" label={t('create.email')} type="email" autoComplete="email" inputMode="email" required />
        <PlanSelect form={form} name="plan" id="tenant-plan" />
        <fieldset className="field">
          <legend>{t('create.products')}</legend>
          <div className="checks">
            {PRODUCT_CODES.map((code) => (
              <label key={code} className="check">
                <input type="checkbox" value={code} {...form.register('products')} />
                {labelOf(t, 'product', code)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? t('create.submitting') : t('create.submit')}
        </button>
      </form>
    </>
  );
}
