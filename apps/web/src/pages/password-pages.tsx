import { useEffect, useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { apiRequest, ApiError } from '../api.ts';
import { bodySchema, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { PASSWORD_MIN, type Body } from '../api/models.ts';
import { errorText, Link } from '../ui.tsx';
import { emailField } from './login-page.tsx';
import '../messages/password.es.ts';

const newPasswordField = (t: Translate) => z.string().check(z.minLength(PASSWORD_MIN, t('password.newShort', { n: PASSWORD_MIN })));
const sameAsNew = (t: Translate) => z.refine<{ new_password: string; repeat: string }>((v) => v.new_password === v.repeat, { path: ['repeat'], message: t('password.mismatch') });

/** A new password typed twice (the reset link's page): the body of POST /api/v1/auth/password-reset/confirm, less the link's token. */
export const newPasswordSchema = (t: Translate) =>
  bodySchema<Body<'/api/v1/auth/password-reset/confirm', 'post'>>()(z.object({ new_password: newPasswordField(t), repeat: z.string() }).check(sameAsNew(t)), {
    local: ['repeat'],
    given: ['token'],
  });

/** The password change of the profile, the current password too: the body of POST /api/v1/auth/password. */
export const changePasswordSchema = (t: Translate) =>
  bodySchema<Body<'/api/v1/auth/password', 'post'>>()(
    z
      .object({ current_password: z.string().check(z.minLength(1, t('password.currentRequired'))), new_password: newPasswordField(t), repeat: z.string() })
      .check(
        sameAsNew(t),
        z.refine((v) => v.current_password === '' || v.new_password !== v.current_password, { path: ['new_password'], message: t('password.same') }),
      ),
    { local: ['repeat'] },
  );

/** The reset link is asked for by e-mail: the body of POST /api/v1/auth/password-reset. */
const forgotSchema = (t: Translate) => bodySchema<Body<'/api/v1/auth/password-reset', 'post'>>()(z.object({ email: emailField(t) }));

/** «¿Olvidó su contraseña?»: asks for a link by e-mail. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const schema = useMemo(() => forgotSchema(t), [t]);
  const form = useSchemaForm(schema, { email: '' });
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const { isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (body) => {
    setFailure(null);
    try {
      await apiRequest('/api/v1/auth/password-reset', { method: 'POST', body, auth: false });
      setSent(true);
    } catch (err) {
      if (setServerIssues(form, err, { email: t('form.emailInvalid') })) return;
      setFailure(err instanceof ApiError && err.status === 429 ? t('login.rateLimited') : errorText(t, err));
    }
  });

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
            <TextField form={form} name="email" id="forgot-email" label={t('login.email')} type="email" inputMode="email" autoComplete="username" required />
            <button type="submit" className="button primary" disabled={isSubmitting}>
              {isSubmitting ? t('forgot.sending') : t('forgot.submit')}
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
  const schema = useMemo(() => newPasswordSchema(t), [t]);
  const form = useSchemaForm(schema, { new_password: '', repeat: '' });
  const [failure, setFailure] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(() => token.length < 10);
  const { isSubmitting } = form.formState;

  useEffect(() => {
    if (location.hash) navigate(location.pathname, { replace: true });
  }, []);

  const submit = form.handleSubmit(async ({ new_password }) => {
    setFailure(null);
    try {
      await apiRequest('/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, new_password }, auth: false });
      onDone();
    } catch (err) {
      if (setServerIssues(form, err, { new_password: t('password.newShort', { n: PASSWORD_MIN }) })) return;
      // A used, expired or forged link (404), or one the server does not take as a token at all.
      if (err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.issues.some((i) => i.path === 'body.token')))) setInvalid(true);
      else setFailure(err instanceof ApiError && err.status === 429 ? t('login.rateLimited') : errorText(t, err));
    }
  });

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
            <TextField form={form} name="new_password" id="reset-password" label={t('password.new')} type="password" autoComplete="new-password" required hint={t('password.hint', { n: PASSWORD_MIN })} />
            <TextField form={form} name="repeat" id="reset-repeat" label={t('password.repeat')} type="password" autoComplete="new-password" required />
            <button type="submit" className="button primary" disabled={isSubmitting}>
              {isSubmitting ? t('reset.saving') : t('reset.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
