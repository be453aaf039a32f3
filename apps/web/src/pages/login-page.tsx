import { useState, type FormEvent } from 'react';
import { apiRequest, ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { saveSession, sessionFrom } from '../session.ts';
import type { LoginOutput } from '../api/models.ts';
import { errorText, Link } from '../ui.tsx';

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await apiRequest<LoginOutput>('/api/v1/auth/login', { method: 'POST', body: { email, password }, auth: false, session: true });
      saveSession(sessionFrom(out), 'login');
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError(t('login.invalid'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else setError(errorText(t, err));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
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
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="login-links">
          <Link to="/password/forgot">{t('login.forgot')}</Link>
        </p>
      </form>
    </main>
  );
}
