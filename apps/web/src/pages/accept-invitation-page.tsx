import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { apiRequest, ApiError, data, publicApi } from '../api.ts';
import { bodySchema, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { homePath, saveSession, sessionFrom } from '../session.ts';
import { PASSWORD_MIN, type Body, type LoginOutput } from '../api/models.ts';
import { errorText, Loading, roleLabel } from '../ui.tsx';
import { emailField } from './login-page.tsx';

/** The token travels in the URL's hash (#inv_…), so it never reaches a server log or a Referer header. */
const tokenFromHash = (): string => decodeURIComponent(location.hash.replace(/^#/, '')).trim();

/** Accepting: the body of POST /api/v1/invitations/accept (the e-mail only when the invitation went to a phone). */
const acceptSchema = (t: Translate, needsEmail: boolean) =>
  bodySchema<Body<'/api/v1/invitations/accept', 'post'>>()(
    z.object({
      email: needsEmail ? emailField(t) : z.string(),
      display_name: z.string().check(z.trim()),
      password: z.string().check(z.minLength(PASSWORD_MIN, t('form.passwordShort'))),
    }),
    { given: ['token'] },
  );

export function AcceptInvitationPage({ onSignedIn }: { onSignedIn(home: string): void }) {
  const { t } = useI18n();
  const [token] = useState(tokenFromHash);
  // Inspected once per token (never again behind the person's back: a used link would say so).
  const inspect = useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => data(publicApi.POST('/api/v1/invitations/inspect', { body: { token }, signal })),
    enabled: token.length >= 10,
    retry: false,
    staleTime: Infinity,
  });
  const preview = inspect.data ?? null;
  const [error, setError] = useState<string | null>(null);
  const needsEmail = preview !== null && !preview.email;
  const schema = useMemo(() => acceptSchema(t, needsEmail), [t, needsEmail]);
  const form = useSchemaForm(schema, { email: '', display_name: '', password: '' });
  const { isSubmitting } = form.formState;

  const invalidText = t('invite.invalid');
  const err = inspect.error;
  const loadError =
    token.length < 10 ? invalidText : err === null ? null : err instanceof ApiError && (err.status === 404 || err.status === 400) ? invalidText : errorText(t, err);

  const submit = form.handleSubmit(async ({ email, display_name, password }) => {
    if (!preview) return;
    setError(null);
    try {
      const body = { token, password, ...(preview.email ? {} : { email }), ...(display_name ? { display_name } : {}) };
      const out = await apiRequest<LoginOutput>('/api/v1/invitations/accept', { method: 'POST', body, auth: false, session: true });
      const session = sessionFrom(out);
      saveSession(session, 'login');
      onSignedIn(homePath(session));
    } catch (err) {
      if (setServerIssues(form, err, { password: t('form.passwordShort'), email: t('form.emailInvalid') })) return;
      if (err instanceof ApiError && err.status === 404) setError(invalidText);
      else if (err instanceof ApiError && err.status === 401) setError(t('invite.hasAccount'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else setError(errorText(t, err));
    }
  });

  return (
    <main id="main" className="login">
      <div className="card login-card">
        <h1 id="accept-title">{t('invite.acceptTitle')}</h1>
        {loadError ? (
          <p className="alert alert-error" role="alert">
            {loadError}
          </p>
        ) : !preview ? (
          <Loading label={t('invite.loading')} />
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-labelledby="accept-title" noValidate>
            <p data-testid="invitation-summary">{t('invite.summary', { tenant: preview.business_name, role: roleLabel(t, preview.role) })}</p>
            {preview.email && <p className="muted">{t('invite.forEmail', { email: preview.email })}</p>}
            {error && (
              <p className="alert alert-error" role="alert">
                {error}
              </p>
            )}
            {!preview.email && (
              <TextField form={form} name="email" id="accept-email" label={t('login.email')} type="email" inputMode="email" autoComplete="username" required hint={t('invite.emailHint')} />
            )}
            <TextField form={form} name="display_name" id="accept-name" label={t('invite.name')} autoComplete="name" />
            <TextField form={form} name="password" id="accept-password" label={t('login.password')} type="password" autoComplete="new-password" required hint={t('invite.passwordHint')} />
            <button type="submit" className="button primary" disabled={isSubmitting}>
              {isSubmitting ? t('invite.accepting') : t('invite.accept')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
