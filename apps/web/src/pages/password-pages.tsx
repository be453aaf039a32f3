import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { apiRequest, ApiError } from '../api.ts';
import { useI18n, type Translate } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { errorText, Field, issuesByField, Link } from '../ui.tsx';

/** The server's rule for a new password (identity.schema.ts): at least 12 characters. */
export const PASSWORD_MIN = 12;

/** A new password typed twice; the messages name the field they are about. */
export const newPasswordSchema = (t: Translate) =>
  z
    .object({
      new_password: z.string().min(PASSWORD_MIN, t('password.newShort', { n: PASSWORD_MIN })),
      repeat: z.string(),
    })
    .refine((v) => v.new_password === v.repeat, { path: ['repeat'], message: t('password.mismatch') });

/** The password change of the profile: the current password too. */
export const changePasswordSchema = (t: Translate) =>
  z
    .object({
      current_password: z.string().min(1, t('password.currentRequired')),
      new_password: z.string().min(PASSWORD_MIN, t('password.newShort', { n: PASSWORD_MIN })),
      repeat: z.string(),
    })
    .refine((v) => v.new_password === v.repeat, { path: ['repeat'], message: t('password.mismatch') })
    .refine((v) => v.current_password === '' || v.new_password !== v.current_password, { path: ['new_password'], message: t('password.same') });

/** zod's issues by field (the first per field), to show beside each input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    out[key] ??= issue.message;
  }
  return out;
}

const EMAIL = z.email();

/** «¿Olvidó su contraseña?»: asks for a link by e-mail. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!EMAIL.safeParse(email.trim()).success) {
      setError(t('form.emailInvalid'));
      document.getElementById('forgot-email')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await apiRequest('/api/v1/auth/password-reset', { method: 'POST', body: { email: email.trim() }, auth: false });
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setError(t('form.emailInvalid'));
      else setFailure(err instanceof ApiError && err.status === 429 ? t('login.rateLimited') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <div className="card login-card">
        <h1 id="forgot-title">{t('forgot.title')}</h1>
        {sent ? (
          <p className="alert alert-info" role="status" data-testid="forgot-sent">
            {t('forgot.sent')}
          </p>
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-labelledby="forgot-title" noValidate>
            <p className="muted">{t('forgot.intro')}</p>
            {failure && (
              <p className="alert alert-error" role="alert">
                {failure}
              </p>
            )}
            <Field id="forgot-email" label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={setEmail} error={error} />
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? t('forgot.sending') : t('forgot.submit')}
            </button>
          </form>
        )}
        <p className="login-links">
          <Link to="/login">{t('forgot.back')}</Link>
        </p>
      </div>
    </main>
  );
}

/**
 * The page of the e-mailed link, /password/reset#pwr_…: the token is read from the fragment (never sent to a server as
 * part of a URL) and taken out of the address bar at once, so it stays out of the history and of screenshots.
 */
const tokenFromHash = (): string => decodeURIComponent(location.hash.replace(/^#/, '')).trim();

export function ResetPasswordPage({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [token] = useState(tokenFromHash);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(() => token.length < 10);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (location.hash) navigate(location.pathname, { replace: true });
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const parsed = newPasswordSchema(t).safeParse({ new_password: password, repeat });
    if (!parsed.success) {
      const found = fieldErrors(parsed.error);
      setErrors(found);
      document.getElementById(found.new_password ? 'reset-password' : 'reset-repeat')?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await apiRequest('/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, new_password: password }, auth: false });
      onDone();
    } catch (err) {
      setBusy(false);
      const issues = issuesByField(err);
      if (issues.new_password) setErrors({ new_password: t('password.newShort', { n: PASSWORD_MIN }) });
      else if (err instanceof ApiError && (err.status === 404 || (err.status === 400 && issues.token))) setInvalid(true);
      else setFailure(err instanceof ApiError && err.status === 429 ? t('login.rateLimited') : errorText(t, err));
    }
  }

  return (
    <main id="main" className="login">
      <div className="card login-card">
        <h1 id="reset-title">{t('reset.title')}</h1>
        {invalid ? (
          <>
            <p className="alert alert-error" role="alert">
              {t('reset.invalid')}
            </p>
            <p className="login-links">
              <Link to="/password/forgot">{t('reset.askAgain')}</Link>
            </p>
          </>
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-labelledby="reset-title" noValidate>
            <p className="muted">{t('reset.intro')}</p>
            {failure && (
              <p className="alert alert-error" role="alert">
                {failure}
              </p>
            )}
            <Field
              id="reset-password"
              label={t('password.new')}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={setPassword}
              hint={t('password.hint', { n: PASSWORD_MIN })}
              error={errors.new_password}
            />
            <Field id="reset-repeat" label={t('password.repeat')} type="password" autoComplete="new-password" required value={repeat} onChange={setRepeat} error={errors.repeat} />
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? t('reset.saving') : t('reset.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
