import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { clearSession, isPlatformSession, loadSession } from '../session.ts';
import type { SessionOutput } from '../api/models.ts';
import { ErrorMessage, errorText, Field, Loading } from '../ui.tsx';

/** An API refusal of the phone or code, in words beside the field (the API's own message when there is no better one). */
function phoneErrorText(t: Translate, err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status === 0) return null;
  if (err.status === 400) return err.issues[0]?.message ?? err.message;
  if (err.status === 422 && typeof err.details.attempts_left === 'number') return t('profile.codeInvalid', { n: err.details.attempts_left });
  if (err.status === 409 && err.code === 'already_exists') return t('profile.phoneTaken');
  return errorText(t, err);
}

function SessionsSection({ onSignedOut }: { onSignedOut(): void }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const [sessions, setSessions] = useState<SessionOutput[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      setSessions((await apiRequest<{ items: SessionOutput[] }>('/api/v1/auth/sessions')).items);
    } catch (err) {
      setError(err);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function logoutAll() {
    if (!(await confirm({ message: t('profile.logoutAllConfirm'), destructive: true }))) return;
    setBusy(true);
    try {
      await apiRequest('/api/v1/auth/logout-all', { method: 'POST' });
      onSignedOut();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sessions-title" className="card">
      <h2 id="sessions-title">{t('profile.sessions')}</h2>
      {error !== null ? (
        <ErrorMessage error={error} onRetry={() => void load()} />
      ) : !sessions ? (
        <Loading label={t('profile.loading')} />
      ) : (
        <ul className="plain-list" data-testid="sessions">
          {sessions.map((s) => (
            <li key={s.id} aria-current={s.current ? 'true' : undefined}>
              <strong>{s.user_agent ?? t('profile.unknownDevice')}</strong> {s.ip && <span className="muted">{s.ip}</span>}{' '}
              <span className="muted">{t('profile.lastUsed', { date: formatDateTime(s.last_used_at, locale) })}</span>{' '}
              {s.current && <span className="badge badge-active">{t('profile.current')}</span>}
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

/** The signed-in person's own page: their live sessions, signing out everywhere, and their verified phone. */
export function ProfilePage() {
  const { t } = useI18n();
  const session = loadSession();
  return (
    <div className="page">
      <h1>{t('profile.title')}</h1>
      <SessionsSection
        onSignedOut={() => {
          clearSession();
          // A full load: the app starts again, signed out, at the login page.
          location.assign('/login');
        }}
      />
      {session?.tenantId && !isPlatformSession(session) ? <PhoneSection /> : <p className="muted">{t('profile.noTenant')}</p>}
    </div>
  );
}
