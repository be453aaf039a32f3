import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiRequest, ApiError, data, publicApi } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { homePath, saveSession, sessionFrom } from '../session.ts';
import type { LoginOutput } from '../api/models.ts';
import { errorText, Field, issuesByField, Loading, roleLabel } from '../ui.tsx';

/** The token travels in the URL's hash (#inv_…), so it never reaches a server log or a Referer header. */
const tokenFromHash = (): string => decodeURIComponent(location.hash.replace(/^#/, '')).trim();

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
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const invalidText = t('invite.invalid');
  const err = inspect.error;
  const loadError =
    token.length < 10 ? invalidText : err === null ? null : err instanceof ApiError && (err.status === 404 || err.status === 400) ? invalidText : errorText(t, err);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!preview) return;
    const local: Record<string, string> = {};
    if (password.length < 12) local.password = t('form.passwordShort');
    if (!preview.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = t('form.emailInvalid');
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = { token, password, ...(preview.email ? {} : { email: email.trim() }), ...(name.trim() ? { display_name: name.trim() } : {}) };
      const out = await apiRequest<LoginOutput>('/api/v1/invitations/accept', { method: 'POST', body, auth: false, session: true });
      const session = sessionFrom(out);
      saveSession(session, 'login');
      onSignedIn(homePath(session));
    } catch (err) {
      setBusy(false);
      const issues = issuesByField(err);
      if (Object.keys(issues).length > 0) {
        setFieldErrors({
          ...(issues.password ? { password: t('form.passwordShort') } : {}),
          ...(issues.email ? { email: t('form.emailInvalid') } : {}),
          ...(issues.display_name ? { name: issues.display_name } : {}),
        });
      } else if (err instanceof ApiError && err.status === 404) setError(invalidText);
      else if (err instanceof ApiError && err.status === 401) setError(t('invite.hasAccount'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else setError(errorText(t, err));
    }
  }

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
          <form onSubmit={submit} aria-labelledby="accept-title" noValidate>
            <p data-testid="invitation-summary">{t('invite.summary', { tenant: preview.business_name, role: roleLabel(t, preview.role) })}</p>
            {preview.email && <p className="muted">{t('invite.forEmail', { email: preview.email })}</p>}
            {error && (
              <p className="alert alert-error" role="alert">
                {error}
              </p>
            )}
            {!preview.email && (
              <Field id="accept-email" label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={setEmail} hint={t('invite.emailHint')} error={fieldErrors.email} />
            )}
            <Field id="accept-name" label={t('invite.name')} autoComplete="name" value={name} onChange={setName} error={fieldErrors.name} />
            <Field
              id="accept-password"
              label={t('login.password')}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={setPassword}
              hint={t('invite.passwordHint')}
              error={fieldErrors.password}
            />
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? t('invite.accepting') : t('invite.accept')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
