import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { meQuery } from '../queries.ts';
import { formatDateTime } from '../format.ts';
import { useI18n, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { navigate } from '../router.ts';
import { clearSession, isPlatformSession, loadSession } from '../session.ts';
import { PASSWORD_MIN, type SessionOutput } from '../api/models.ts';
import { changePasswordSchema } from './password-pages.tsx';
import { setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { ErrorMessage, errorText, Field, Loading, roleLabel } from '../ui.tsx';
import '../messages/password.es.ts';
import '../messages/profile.es.ts';

/** An API refusal of the phone or code, in words beside the field (the API's own message when there is no better one). */
function phoneErrorText(t: Translate, err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status === 0) return null;
  if (err.status === 400) return err.issues[0]?.message ?? err.message;
  if (err.status === 422 && typeof err.details.attempts_left === 'number') return t('profile.codeInvalid', { n: err.details.attempts_left });
  if (err.status === 409 && err.code === 'already_exists') return t('profile.phoneTaken');
  return errorText(t, err);
}


/** Who is signed in: name, e-mail and role in words. */
function WhoSection() {
  const { t } = useI18n();
  // Keyed by tenant: a switch changes the role.
  // The same entry as the logs' «Usted».
  const me = useQuery(meQuery());
  return (
    <section aria-labelledby="me-title" className="card">
      <h2 id="me-title">{t('profile.me')}</h2>
      {me.error ? (
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      ) : !me.data ? (
        <Loading label={t('profile.meLoading')} />
      ) : (
        <dl className="details" data-testid="me">
          <dt>{t('profile.name')}</dt>
          <dd>{me.data.name ?? t('profile.noName')}</dd>
          <dt>{t('login.email')}</dt>
          <dd>{me.data.email ?? '—'}</dd>
          <dt>{t('profile.role')}</dt>
          <dd>{roleLabel(t, me.data.role)}</dd>
        </dl>
      )}
    </section>
  );
}

/** Changing the password: the current one, the new one twice; the other sessions end (and the page says how many). */
function PasswordSection({ onChanged }: { onChanged(): void }) {
  const { t } = useI18n();
  const schema = useMemo(() => changePasswordSchema(t), [t]);
  const form = useSchemaForm(schema, { current_password: '', new_password: '', repeat: '' });
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const { isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ current_password, new_password }) => {
    setFailure(null);
    setDone(null);
    try {
      const out = await apiRequest<{ sessions_ended: number }>('/api/v1/auth/password', { method: 'POST', body: { current_password, new_password } });
      form.reset();
      setDone(t('password.changed', { n: out.sessions_ended }));
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.details.field === 'current_password') {
        form.setError('current_password', { type: 'server', message: t('password.currentWrong') }, { shouldFocus: true });
      } else if (!setServerIssues(form, err, { new_password: new_password === current_password ? t('password.same') : t('password.newShort', { n: PASSWORD_MIN }) })) {
        setFailure(err);
      }
    }
  });

  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">{t('password.title')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {done && (
        <p className="alert alert-info" role="status" data-testid="password-changed">
          {done}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-title">
        <TextField form={form} name="current_password" id="password-current" label={t('password.current')} type="password" autoComplete="current-password" required />
        <TextField form={form} name="new_password" id="password-new" label={t('password.new')} type="password" autoComplete="new-password" required hint={t('password.hint', { n: PASSWORD_MIN })} />
        <TextField form={form} name="repeat" id="password-repeat" label={t('password.repeat')} type="password" autoComplete="new-password" required />
        <p className="muted">{t('password.othersEnd')}</p>
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? t('password.saving') : t('password.submit')}
        </button>
      </form>
    </section>
  );
}

function SessionsSection({ onSignedOut }: { onSignedOut(): void }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: ({ signal }) => apiRequest<{ items: SessionOutput[] }>('/api/v1/auth/sessions', { signal }).then((o) => o.items) });
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function logoutAll() {
    if (!(await confirm({ message: t('profile.logoutAllConfirm'), destructive: true }))) return;
    setBusy(true);
    try {
      await apiRequest('/api/v1/auth/logout-all', { method: 'POST' });
      onSignedOut();
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  }

  async function close(s: SessionOutput) {
    const message = s.current ? t('profile.closeCurrentConfirm') : t('profile.closeConfirm', { device: s.device });
    if (!(await confirm({ message, confirmLabel: t('profile.close'), destructive: true }))) return;
    setFailure(null);
    setNotice(null);
    try {
      await apiRequest(`/api/v1/auth/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      if (s.current) {
        onSignedOut();
        return;
      }
      setNotice(t('profile.closed', { device: s.device }));
    } catch (err) {
      setFailure(err);
    }
    await queryClient.invalidateQueries({ queryKey: ['sessions'] });
  }

  return (
    <section aria-labelledby="sessions-title" className="card">
      <h2 id="sessions-title">{t('profile.sessions')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      {sessions.error ? (
        <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : !sessions.data ? (
        <Loading label={t('profile.loading')} />
      ) : (
        <ul className="plain-list" data-testid="sessions">
          {sessions.data.map((s) => (
            <li key={s.id} aria-current={s.current ? 'true' : undefined}>
              <strong>{s.device || t('profile.unknownDevice')}</strong> {s.ip && <span className="muted">{s.ip}</span>}{' '}
              <span className="muted">{t('profile.lastUsed', { date: formatDateTime(s.last_used_at, locale) })}</span>{' '}
              {s.current && <span className="badge badge-active">{t('profile.current')}</span>}{' '}
              <button
                type="button"
                className="button secondary"
                onClick={() => void close(s)}
                aria-label={s.current ? t('profile.closeCurrentLabel') : t('profile.closeLabel', { device: s.device, date: formatDateTime(s.last_used_at, locale) })}
              >
                {t('profile.close')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button secondary" disabled={busy} onClick={() => void logoutAll()}>
        {t('profile.logoutAll')}
      </button>
    </section>
  );
}

function PhoneSection() {
  const { t, locale } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [verified, setVerified] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ phone?: string; code?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function sendCode(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setVerified(null);
    if (phone.replace(/\D/g, '').length < 8) {
      setErrors({ phone: t('form.phoneInvalid') });
      document.getElementById('profile-phone')?.focus();
      return;
    }
    setBusy(true);
    try {
      const out = await apiRequest<{ phone: string; expires_at: string }>('/api/v1/me/phone', { method: 'POST', body: { phone: phone.trim() } });
      setSentTo(out.phone);
      setCode('');
      setNotice(t('profile.codeSent', { phone: out.phone, date: formatDateTime(out.expires_at, locale) }));
    } catch (err) {
      const text = phoneErrorText(t, err);
      if (text) setErrors({ phone: text });
      else setFailure(err);
      document.getElementById('profile-phone')?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    if (!/^[0-9]{3} ?[0-9]{3}$/.test(code.trim())) {
      setErrors({ code: t('profile.codeFormat') });
      document.getElementById('profile-code')?.focus();
      return;
    }
    setBusy(true);
    try {
      const out = await apiRequest<{ phone: string }>('/api/v1/me/phone/verify', { method: 'POST', body: { phone: sentTo ?? phone.trim(), code: code.trim() } });
      setVerified(t('profile.verified', { phone: out.phone }));
      setSentTo(null);
      setNotice(null);
      setCode('');
    } catch (err) {
      const text = phoneErrorText(t, err);
      if (text) setErrors({ code: text });
      else setFailure(err);
      document.getElementById('profile-code')?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="phone-title" className="card">
      <h2 id="phone-title">{t('profile.phone')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {verified && (
        <p className="alert alert-info" role="status">
          {verified}
        </p>
      )}
      <form className="form" onSubmit={sendCode} noValidate aria-labelledby="phone-title">
        <Field id="profile-phone" label={t('profile.phoneField')} type="tel" autoComplete="tel" required value={phone} onChange={setPhone} hint={t('profile.phoneHint')} error={errors.phone} />
        <button type="submit" className="button secondary" disabled={busy}>
          {busy && !sentTo ? t('profile.sending') : t('profile.sendCode')}
        </button>
      </form>
      {sentTo && (
        <form className="form" onSubmit={verify} noValidate aria-label={t('profile.verify')}>
          {notice && (
            <p className="alert alert-info" role="status">
              {notice}
            </p>
          )}
          <Field id="profile-code" label={t('profile.code')} autoComplete="one-time-code" required value={code} onChange={setCode} error={errors.code} />
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('profile.verifying') : t('profile.verify')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The signed-in person's own page: who they are, their password, their live sessions (one by one or all), and their phone. */
export function ProfilePage() {
  const { t } = useI18n();
  const session = loadSession();
  const queryClient = useQueryClient();
  return (
    <div className="page">
      <h1>{t('profile.title')}</h1>
      <WhoSection />
      <PasswordSection onChanged={() => void queryClient.invalidateQueries({ queryKey: ['sessions'] })} />
      <SessionsSection
        onSignedOut={() => {
          // Every tab of this browser signs out with this one.
          clearSession('logout');
          navigate('/login', { replace: true });
        }}
      />
      {session?.tenantId && !isPlatformSession(session) ? <PhoneSection /> : <p className="muted">{t('profile.noTenant')}</p>}
    </div>
  );
}
