import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { apiRequest } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { TENANT_ROLES, type ApiKeyOutput, type CreatedApiKey } from '../api/models.ts';
import { ErrorMessage, Field, issuesByField, Loading, roleLabel } from '../ui.tsx';

/** API keys of a tenant (admins): a new key is shown once, the list only carries its last characters. */
export function ApiKeysSection({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const base = `/api/v1/tenants/${encodeURIComponent(tenantId)}/api-keys`;
  const [keys, setKeys] = useState<ApiKeyOutput[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setKeys((await apiRequest<{ items: ApiKeyOutput[] }>(base)).items);
    } catch (err) {
      setLoadError(err);
    }
  }, [base]);

  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!name.trim()) {
      setNameError(t('keys.nameRequired'));
      document.getElementById('key-name')?.focus();
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      const out = await apiRequest<CreatedApiKey>(base, { method: 'POST', body: { name: name.trim(), role } });
      setCreated(out);
      setCopied(false);
      setName('');
      await load();
    } catch (err) {
      const issues = issuesByField(err);
      if (issues.name) setNameError(t('keys.nameRequired'));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(key: ApiKeyOutput) {
    if (!(await confirm({ message: t('keys.revokeConfirm', { name: key.name }), destructive: true }))) return;
    setFailure(null);
    try {
      await apiRequest(`${base}/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
      if (created?.id === key.id) setCreated(null);
      await load();
    } catch (err) {
      setFailure(err);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // No clipboard permission: the key stays selectable on screen.
      document.getElementById('created-key')?.focus();
    }
  }

  const live = keys?.filter((k) => !k.revoked_at) ?? [];
  return (
    <section aria-labelledby="keys-title" className="card">
      <h2 id="keys-title">{t('keys.title')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {created && (
        <div className="alert alert-info" role="status" data-testid="created-key">
          <p>
            <strong>{t('keys.onceWarning')}</strong>
          </p>
          <label htmlFor="created-key">{t('keys.newKey', { name: created.name })}</label>
          <div className="key-row">
            <input id="created-key" className="key" readOnly value={created.key} onFocus={(e) => e.target.select()} />
            <button type="button" className="button secondary" onClick={() => void copy()}>
              {copied ? t('keys.copied') : t('keys.copy')}
            </button>
          </div>
        </div>
      )}
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={() => void load()} />
      ) : !keys ? (
        <Loading label={t('keys.loading')} />
      ) : live.length === 0 ? (
        <p className="empty">{t('keys.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="api-keys">
          {live.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>…{k.hint}</code> <span className="badge">{roleLabel(t, k.role)}</span>{' '}
              <span className="muted">{k.last_used_at ? t('keys.lastUsed', { date: formatDateTime(k.last_used_at, locale) }) : t('keys.neverUsed')}</span>{' '}
              <button type="button" className="button secondary" onClick={() => void revoke(k)} aria-label={t('keys.revokeLabel', { name: k.name })}>
                {t('keys.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 id="key-form-title">{t('keys.create')}</h3>
      <form className="form" onSubmit={create} noValidate aria-labelledby="key-form-title">
        <Field id="key-name" label={t('keys.name')} autoComplete="off" required value={name} onChange={setName} hint={t('keys.nameHint')} error={nameError} />
        <div className="field">
          <label htmlFor="key-role">{t('keys.role')}</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {TENANT_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(t, r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('keys.creating') : t('keys.submit')}
        </button>
      </form>
    </section>
  );
}
