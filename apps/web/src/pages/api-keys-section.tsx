import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { TENANT_ROLES, type ApiKeyOutput, type CreatedApiKey, type TenantRole } from '../api/models.ts';
import { apiKeysQuery, invalidate, keys, optimistic } from '../queries.ts';
import { ErrorMessage, Field, issuesByField, Loading, roleLabel } from '../ui.tsx';
import '../messages/keys.es.ts';

/** API keys of a tenant (admins): a new key is shown once, the list only carries its last characters. */
export function ApiKeysSection({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const params = { path: { id: tenantId } };
  const list = useQuery(apiKeysQuery(tenantId));
  const keysShown = list.data ?? null;
  const [name, setName] = useState('');
  const [role, setRole] = useState<TenantRole>('viewer');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);

  // A key made or revoked is in the security log too.
  const settled = () => invalidate(queryClient, keys.apiKeys(tenantId), keys.securityEvents(tenantId));
  const createMutation = useMutation({
    mutationFn: (body: { name: string; role: TenantRole }) => data(api.POST('/api/v1/tenants/{id}/api-keys', { params, body })),
    onSuccess: (out) => {
      setCreated(out);
      setCopied(false);
      setName('');
    },
    onError: (err) => {
      if (issuesByField(err).name) setNameError(t('keys.nameRequired'));
    },
    onSettled: settled,
  });
  // A revoked key leaves the list at once; refused, it comes back with the reason.
  const revokeMutation = useMutation({
    mutationFn: (key: ApiKeyOutput) => data(api.DELETE('/api/v1/tenants/{id}/api-keys/{key_id}', { params: { path: { id: tenantId, key_id: key.id } } })),
    onMutate: async (key) => {
      createMutation.reset();
      if (created?.id === key.id) setCreated(null);
      return { rollback: await optimistic<ApiKeyOutput[]>(queryClient, keys.apiKeys(tenantId), (all) => all.filter((k) => k.id !== key.id)) };
    },
    onError: (_err, _key, context) => context?.rollback(),
    onSettled: settled,
  });
  const failure = (createMutation.error && !issuesByField(createMutation.error).name ? createMutation.error : null) ?? revokeMutation.error;

  function create(event: FormEvent) {
    event.preventDefault();
    revokeMutation.reset();
    if (!name.trim()) {
      setNameError(t('keys.nameRequired'));
      document.getElementById('key-name')?.focus();
      return;
    }
    setNameError(undefined);
    createMutation.mutate({ name: name.trim(), role });
  }

  async function revoke(key: ApiKeyOutput) {
    if (!(await confirm({ message: t('keys.revokeConfirm', { name: key.name }), destructive: true }))) return;
    revokeMutation.mutate(key);
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

  const live = keysShown?.filter((k) => !k.revoked_at) ?? [];
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
      {list.error !== null ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : !keysShown ? (
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
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)}>
            {TENANT_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(t, r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={createMutation.isPending}>
          {createMutation.isPending ? t('keys.creating') : t('keys.submit')}
        </button>
      </form>
    </section>
  );
}
