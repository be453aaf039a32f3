import { useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { apiRequest, ApiError } from '../api.ts';
import { bodySchema, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { saveSession, sessionFrom } from '../session.ts';
import type { Body, LoginOutput } from '../api/models.ts';
import { errorText, Link } from '../ui.tsx';

/** An e-mail address, trimmed (sign-in, the reset link, an invitation). */
export const emailField = (t: Translate) => z.string().check(z.trim(), z.email(t('form.emailInvalid')));

/** The sign-in: the body of POST /api/v1/auth/login. */
const loginSchema = (t: Translate) =>
  bodySchema<Body<'/api/v1/auth/login', 'post'>>()(z.object({ email: emailField(t), password: z.string().check(z.minLength(1, t('login.passwordRequired'))) }));

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => loginSchema(t), [t]);
  const form = useSchemaForm(schema, { email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const { isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (body) => {
    setError(null);
    try {
      const out = await apiRequest<LoginOutput>('/api/v1/auth/login', { method: 'POST', body, auth: false, session: true });
      saveSession(sessionFrom(out), 'login');
      onSignedIn();
    } catch (err) {
      // Which of the two was wrong is not said (the server does not say it either).
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError(t('login.invalid'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else setError(errorText(t, err));
    }
  });

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">{t('login.title')}</h1>
        {notice && !error && (
          <p className="alert alert-info" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <TextField form={form} name="email" id="login-email" label={t('login.email')} type="email" inputMode="email" autoComplete="username" required />
        <TextField form={form} name="password" id="login-password" label={t('login.password')} type="password" autoComplete="current-password" required />
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="login-links">
          <Link to="/password/forgot">{t('login.forgot')}</Link>
        </p>
      </form>
    </main>
  );
}
