import { parseRut } from '@smarteros/kernel/rut';
import { useState, type FormEvent } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { formatRutInput } from '../format.ts';
import { labelOf, useI18n, type MessageKey, type Translate } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { DEFAULT_PRODUCTS, PRODUCT_CODES, type CreateTenantBody, type ProductCode, type TenantDetail } from '../api/models.ts';
import { ErrorMessage } from '../ui.tsx';
import { PlanSelect } from './tenant-operator.tsx';

type Field = 'rut' | 'business_name' | 'contact_email';
type Errors = Partial<Record<Field, string>>;

function rutError(t: Translate, value: string): string | undefined {
  const parsed = parseRut(value);
  return parsed.ok ? undefined : t(`rut.${parsed.problem}` as MessageKey);
}

function validate(t: Translate, values: Record<Field, string>): Errors {
  const errors: Errors = {};
  const rut = rutError(t, values.rut);
  if (rut) errors.rut = rut;
  if (values.business_name.trim().length < 2) errors.business_name = t('field.nameShort');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.contact_email.trim())) errors.contact_email = t('field.email');
  return errors;
}

export function NewTenantPage() {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<Field, string>>({ rut: '', business_name: '', contact_email: '' });
  const [products, setProducts] = useState<ProductCode[]>([...DEFAULT_PRODUCTS]);
  const [plan, setPlan] = useState('trial');
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const clientErrors = validate(t, values);
  const shown = (f: Field): string | undefined => serverErrors[f] ?? (touched[f] || submitted ? clientErrors[f] : undefined);

  const set = (f: Field, v: string) => {
    setValues((old) => ({ ...old, [f]: f === 'rut' ? formatRutInput(v) : v }));
    setServerErrors((old) => ({ ...old, [f]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (Object.keys(clientErrors).length > 0) {
      const first = (['rut', 'business_name', 'contact_email'] as const).find((f) => clientErrors[f]);
      if (first) document.getElementById(`tenant-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const body: CreateTenantBody = { rut: values.rut, business_name: values.business_name.trim(), contact_email: values.contact_email.trim(), plan, products };
    try {
      const created = await apiRequest<TenantDetail>('/api/v1/tenants', { method: 'POST', body });
      navigate(`/tenants/${created.id}`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'rut_taken') {
        setServerErrors({ rut: t('create.rutTaken') });
        document.getElementById('tenant-rut')?.focus();
      } else if (err instanceof ApiError && err.status === 400 && err.issues.length > 0) {
        const next: Errors = {};
        for (const issue of err.issues) {
          const field = issue.path.replace(/^body\./, '') as Field;
          if (field === 'rut' || field === 'business_name' || field === 'contact_email') next[field] ??= issue.message;
        }
        if (Object.keys(next).length === 0) setFailure(err);
        setServerErrors(next);
      } else {
        setFailure(err);
      }
    }
  }

  const field = (f: Field, label: string, input: { type: string; autoComplete?: string; inputMode?: 'text' | 'email' }, hint?: string) => {
    const error = shown(f);
    const describedBy = [hint ? `tenant-${f}-hint` : null, error ? `tenant-${f}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`tenant-${f}`}>{label}</label>
        <input
          id={`tenant-${f}`}
          name={f}
          type={input.type}
          autoComplete={input.autoComplete}
          inputMode={input.inputMode}
          value={values[f]}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => set(f, e.target.value)}
          onBlur={() => setTouched((old) => ({ ...old, [f]: true }))}
        />
        {hint && (
          <p id={`tenant-${f}-hint`} className="hint">
            {hint}
          </p>
        )}
        {error && (
          <p id={`tenant-${f}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <>
      <h1>{t('create.title')}</h1>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-tenant-title">
        <span id="new-tenant-title" className="visually-hidden">
          {t('create.title')}
        </span>
        {failure !== null && <ErrorMessage error={failure} />}
        {field('rut', t('create.rut'), { type: 'text', autoComplete: 'off', inputMode: 'text' }, t('create.rutHint'))}
        {field('business_name', t('create.name'), { type: 'text', autoComplete: 'organization' })}
        {field('contact_email', t('create.email'), { type: 'email', autoComplete: 'email', inputMode: 'email' })}
        <PlanSelect id="tenant-plan" value={plan} onChange={setPlan} />
        <fieldset className="field">
          <legend>{t('create.products')}</legend>
          <div className="checks">
            {PRODUCT_CODES.map((code) => (
              <label key={code} className="check">
                <input
                  type="checkbox"
                  checked={products.includes(code)}
                  onChange={(e) => setProducts((old) => (e.target.checked ? [...old, code] : old.filter((p) => p !== code)))}
                />
                {labelOf(t, 'product', code)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('create.submitting') : t('create.submit')}
        </button>
      </form>
    </>
  );
}
