import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, data, issuesByPath } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { navigate } from '../router.ts';
import { CAPABILITY_NAME, type ApiAuthType, type Body, type CredentialInput, type EndpointOutput, type ProviderOutput } from '../api/models.ts';
import { endpointsQuery, invalidate, keys, optimistic, providerQuery } from '../queries.ts';
import { ErrorMessage, Field, Link, Loading, errorText, TableWrap } from '../ui.tsx';
import { CapabilitiesSection } from './capabilities-section.tsx';
import { apisPath } from './registry-page.tsx';
import { codeLabel, MethodBadge, registryRights } from './registry-common.tsx';
import {
  credentialBody,
  CredentialBadge,
  credentialIssues,
  CredentialFields,
  documentIssues,
  egressText,
  EMPTY_CREDENTIAL,
  FormActions,
  isHttpUrl,
  OpenApiSource,
  Toggle,
  type CredentialDraft,
  type DocumentSource,
} from './registry-forms.tsx';
import '../messages/caps.es.ts';
import '../messages/registry.es.ts';

/** The path and tenant of one provider's routes. */
const providerParams = (tenantId: string, providerId: string) => ({ path: { provider_id: providerId }, query: { tenant_id: tenantId } });

/** The credential as the API shows it, and a form to replace it (the new secret is never shown, only its fingerprint). */
function CredentialCard({ tenantId, provider, canManage }: { tenantId: string; provider: ProviderOutput; canManage: boolean }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const auth = provider.auth_type as ApiAuthType;
  const c = provider.credential;
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<CredentialDraft>(() => ({
    ...EMPTY_CREDENTIAL,
    placement: c?.query_name ? 'query' : 'header',
    header_name: c?.header_name ?? EMPTY_CREDENTIAL.header_name,
    query_name: c?.query_name ?? EMPTY_CREDENTIAL.query_name,
    username: c?.username ?? '',
    client_id: c?.client_id ?? '',
    token_url: c?.token_url ?? '',
    scopes: c?.scopes.join(' ') ?? '',
  }));
  const secretRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const params = providerParams(tenantId, provider.id);
  // The provider's page shows the answer at once; the registry's list reads its badge again.
  const stored = (p: ProviderOutput) => {
    queryClient.setQueryData(keys.provider(tenantId, provider.id), p);
    return queryClient.invalidateQueries({ queryKey: keys.providers(tenantId) });
  };
  const put = useMutation({
    mutationFn: (body: CredentialInput) => data(api.PUT('/api/v1/providers/{provider_id}/credential', { params, body })),
    onSuccess: stored,
  });
  const del = useMutation({
    mutationFn: () => data(api.DELETE('/api/v1/providers/{provider_id}/credential', { params })),
    onSuccess: () => stored({ ...provider, credential: null }),
  });
  const busy = put.isPending;

  useEffect(() => {
    if (open) (document.getElementById('cred-username') ?? document.getElementById('cred-client-id') ?? document.getElementById('cred-secret'))?.focus();
  }, [open]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setSaved(null);
    const out = credentialBody(t, auth, draft, secretRef.current?.value ?? '');
    if ('errors' in out) {
      setErrors(out.errors);
      document.getElementById(`cred-${Object.keys(out.errors)[0]!.replace('_', '-')}`)?.focus();
      return;
    }
    setErrors({});
    try {
      const p = await put.mutateAsync(out.body);
      if (secretRef.current) secretRef.current.value = '';
      setOpen(false);
      setSaved(t('provider.credentialSaved', { fingerprint: p.credential?.fingerprint ?? '', last4: p.credential?.last4 ? ` …${p.credential.last4}` : '' }));
    } catch (err) {
      const byField = credentialIssues(issuesByPath(err));
      if (Object.keys(byField).length) setErrors(byField);
      else setFailure(err);
    }
  }

  async function remove() {
    if (!(await confirm({ message: t('provider.credentialDeleteConfirm', { name: provider.name }), destructive: true }))) return;
    setFailure(null);
    setSaved(null);
    del.mutate(undefined, { onError: setFailure });
  }

  return (
    <section aria-labelledby="credential-title" className="card">
      <h2 id="credential-title">{t('registry.credential')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {saved && (
        <p className="alert alert-info" role="status" data-testid="credential-saved">
          {saved}
        </p>
      )}
      {auth === 'none' ? (
        <p className="empty">{t('provider.noAuthNeeded')}</p>
      ) : (
        <>
          {c ? (
            <dl className="facts">
              <div>
                <dt>{t('registry.fingerprint')}</dt>
                <dd>
                  <CredentialBadge credential={c} authType={auth} />
                </dd>
              </div>
              {c.header_name && (
                <div>
                  <dt>{t('registry.headerName')}</dt>
                  <dd>
                    <code>{c.header_name}</code>
                  </dd>
                </div>
              )}
              {c.query_name && (
                <div>
                  <dt>{t('registry.queryName')}</dt>
                  <dd>
                    <code>{c.query_name}</code>
                  </dd>
                </div>
              )}
              {c.username && (
                <div>
                  <dt>{t('registry.username')}</dt>
                  <dd>{c.username}</dd>
                </div>
              )}
              {c.client_id && (
                <div>
                  <dt>{t('registry.clientId')}</dt>
                  <dd>{c.client_id}</dd>
                </div>
              )}
              {c.token_url && (
                <div>
                  <dt>{t('registry.tokenUrl')}</dt>
                  <dd>{c.token_url}</dd>
                </div>
              )}
              {c.scopes.length > 0 && (
                <div>
                  <dt>{t('registry.scopes')}</dt>
                  <dd>{c.scopes.join(' ')}</dd>
                </div>
              )}
              <div>
                <dt>{t('provider.credentialUpdated')}</dt>
                <dd>{formatDateTime(c.updated_at, locale)}</dd>
              </div>
            </dl>
          ) : (
            <p className="alert alert-error">{t('provider.noCredential')}</p>
          )}
          {canManage && !open && (
            <div className="actions">
              <button type="button" className="button secondary" onClick={() => setOpen(true)}>
                {c ? t('provider.replaceCredential') : t('provider.setCredential')}
              </button>
              {c && (
                <button type="button" className="button secondary danger" onClick={() => void remove()}>
                  {t('provider.deleteCredential')}
                </button>
              )}
            </div>
          )}
          {canManage && open && (
            <form className="form" onSubmit={save} noValidate aria-label={c ? t('provider.replaceCredential') : t('provider.setCredential')}>
              <CredentialFields idPrefix="cred" auth={auth} draft={draft} onChange={setDraft} secretRef={secretRef} errors={errors} />
              <FormActions busy={busy} label={t('provider.saveCredential')} busyLabel={t('provider.saving')} onCancel={() => setOpen(false)} />
            </form>
          )}
        </>
      )}
    </section>
  );
}

/** Re-imports the OpenAPI document (endpoints are matched by method and path: nothing is duplicated). */
function ImportCard({ tenantId, provider }: { tenantId: string; provider: ProviderOutput }) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<DocumentSource>(provider.openapi?.source_url ? { kind: 'url', url: provider.openapi.source_url } : { kind: 'file', name: '', text: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [issues, setIssues] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const queryClient = useQueryClient();
  // A (re-)import changes the provider, its endpoints and what is published over them: the whole registry is read again.
  const load = useMutation({
    mutationFn: (body: Body<'/api/v1/providers/{provider_id}/openapi', 'post'>) => data(api.POST('/api/v1/providers/{provider_id}/openapi', { params: providerParams(tenantId, provider.id), body })),
    onSuccess: () => invalidate(queryClient, keys.registry(tenantId), keys.actions(tenantId)),
  });
  const result = load.data ?? null;
  const busy = load.isPending;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setIssues([]);
    load.reset();
    if (doc.kind === 'file' && !doc.text) return setError(t('registry.errDocFile'));
    if (doc.kind === 'url' && !isHttpUrl(doc.url)) return setError(t('registry.errUrl'));
    setError(undefined);
    try {
      await load.mutateAsync(doc.kind === 'file' ? { document: doc.text } : doc.kind === 'url' ? { url: doc.url.trim() } : {});
    } catch (err) {
      const byField = issuesByPath(err);
      const found = documentIssues(err);
      if (found.length || byField.document || byField.url || (err instanceof ApiError && err.status === 422)) {
        setError(egressText(t, err) ?? byField.document ?? byField.url ?? errorText(t, err));
        setIssues(found);
      } else setFailure(err);
    }
  }

  return (
    <section aria-labelledby="import-title" className="card">
      <h2 id="import-title">{t('provider.importTitle')}</h2>
      <p className="hint">{t('provider.importIntro')}</p>
      {failure !== null && <ErrorMessage error={failure} />}
      {result && (
        <p className="alert alert-info" role="status" data-testid="import-result">
          {t('provider.importResult', { title: result.title, version: result.version, created: result.created, updated: result.updated, unchanged: result.unchanged, removed: result.removed })}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate aria-labelledby="import-title">
        <OpenApiSource idPrefix="import" source={doc} onChange={setDoc} optional={false} error={error} issues={issues} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('provider.importing') : t('provider.import')}
        </button>
      </form>
    </section>
  );
}

/** A capability name suggested from an endpoint's semantic name: listOrders -> list_orders. */
function suggestName(semantic: string): string {
  const s = semantic
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^a-z]+|[._-]+$/g, '');
  return CAPABILITY_NAME.test(s) ? s.slice(0, 64) : '';
}

/** Publishes one endpoint as a capability. */
function PublishForm({ tenantId, endpoint, onDone, onCancel }: { tenantId: string; endpoint: EndpointOutput; onDone(name: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(() => suggestName(endpoint.semantic_name));
  const read = endpoint.method === 'GET' || endpoint.method === 'HEAD' || endpoint.method === 'OPTIONS';
  const [kind, setKind] = useState<'read' | 'write'>(read ? 'read' : 'write');
  const [confirm, setConfirm] = useState(!read);
  const [limit, setLimit] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const queryClient = useQueryClient();
  // A new capability: the lists, its endpoint's chips, its provider's count and the actions catalog change.
  const publish = useMutation({
    mutationFn: (body: Body<'/api/v1/capabilities', 'post'>) => data(api.POST('/api/v1/capabilities', { params: { query: { tenant_id: tenantId } }, body })),
    onSuccess: () => invalidate(queryClient, keys.registry(tenantId), keys.actions(tenantId)),
  });
  const busy = publish.isPending;

  useEffect(() => {
    document.getElementById('publish-name')?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const errs: Record<string, string> = {};
    const trimmed = name.trim();
    if (!CAPABILITY_NAME.test(trimmed) || trimmed.length > 64) errs.capability_name = t('publish.errName');
    const n = limit.trim() ? Number(limit) : null;
    if (n !== null && (!Number.isInteger(n) || n < 1 || n > 1_000_000)) errs.rate_limit_per_minute = t('publish.errLimit');
    setErrors(errs);
    if (Object.keys(errs).length) {
      document.getElementById(errs.capability_name ? 'publish-name' : 'publish-limit')?.focus();
      return;
    }
    try {
      const body = { capability_name: trimmed, endpoint_id: endpoint.id, kind, requires_confirmation: confirm, ...(n !== null ? { rate_limit_per_minute: n } : {}) };
      const out = await publish.mutateAsync(body);
      onDone(out.capability_name);
    } catch (err) {
      const byField = issuesByPath(err);
      if (err instanceof ApiError && err.status === 409) setErrors({ capability_name: t('publish.errTaken') });
      else if (Object.keys(byField).length) setErrors(byField);
      else setFailure(err);
    }
  }

  return (
    <section className="card publish" aria-labelledby="publish-title" data-testid="publish-form">
      <h3 id="publish-title">
        {t('publish.title')} <MethodBadge method={endpoint.method} /> <code>{endpoint.path}</code>
      </h3>
      {failure !== null && <ErrorMessage error={failure} />}
      <form className="form" onSubmit={submit} noValidate aria-labelledby="publish-title">
        <Field id="publish-name" label={t('publish.name')} autoComplete="off" required value={name} onChange={setName} hint={t('publish.nameHint')} error={errors.capability_name} />
        <div className="field">
          <label htmlFor="publish-kind">{t('caps.kind')}</label>
          <select id="publish-kind" value={kind} onChange={(e) => setKind(e.target.value as 'read' | 'write')}>
            <option value="read">{t('caps.read')}</option>
            <option value="write">{t('caps.write')}</option>
          </select>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
            {t('publish.confirm')}
          </label>
        </div>
        <Field id="publish-limit" label={t('publish.limit')} type="number" autoComplete="off" value={limit} onChange={setLimit} hint={t('publish.limitHint')} error={errors.rate_limit_per_minute} />
        <FormActions busy={busy} label={t('publish.submit')} busyLabel={t('publish.publishing')} onCancel={onCancel} />
      </form>
    </section>
  );
}

/** One provider: its details, credential, OpenAPI import, endpoints (with publishing) and capabilities. */
export function ProviderPage({ tenantId, providerId }: { tenantId: string; providerId: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const rights = registryRights(tenantId);
  const queryClient = useQueryClient();
  const providerRead = useQuery(providerQuery(tenantId, providerId));
  const endpointsRead = useQuery(endpointsQuery(tenantId, providerId));
  const provider = providerRead.data ?? null;
  const endpoints = endpointsRead.data ?? null;
  const error = providerRead.error ?? endpointsRead.error;
  const [publishing, setPublishing] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);

  // On and off at once; refused, the switch goes back and says why.
  const toggle = useMutation({
    mutationFn: ({ e, enabled }: { e: EndpointOutput; enabled: boolean }) =>
      data(api.PATCH('/api/v1/endpoints/{endpoint_id}', { params: { path: { endpoint_id: e.id }, query: { tenant_id: tenantId } }, body: { enabled } })),
    onMutate: async ({ e, enabled }) => ({
      rollback: await optimistic<EndpointOutput[]>(queryClient, keys.endpoints(tenantId, providerId), (list) => list.map((x) => (x.id === e.id ? { ...x, enabled } : x))),
    }),
    onError: (_err, _vars, context) => context?.rollback(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.endpoints(tenantId, providerId) }),
  });
  const removeProvider = useMutation({
    mutationFn: () => data(api.DELETE('/api/v1/providers/{provider_id}', { params: providerParams(tenantId, providerId) })),
    onSuccess: () => {
      navigate(apisPath(tenantId));
      // Its endpoints and capabilities went with it.
      void invalidate(queryClient, keys.registry(tenantId), keys.actions(tenantId));
    },
  });
  const failure = toggle.error ?? removeProvider.error;
  const busy = toggle.isPending ? toggle.variables.e.id : null;

  async function deleteProvider() {
    if (!provider || !(await confirm({ message: t('provider.deleteConfirm', { name: provider.name }), destructive: true }))) return;
    toggle.reset();
    removeProvider.mutate();
  }

  const back = (
    <p className="crumb">
      <Link to={apisPath(tenantId)}>← {t('provider.back')}</Link>
    </p>
  );
  if (error !== null && !provider) {
    return (
      <>
        {back}
        {error instanceof ApiError && (error.status === 404 || error.status === 400) ? <p className="empty">{t('provider.notFound')}</p> : <ErrorMessage error={error} onRetry={() => void Promise.all([providerRead.refetch(), endpointsRead.refetch()])} />}
      </>
    );
  }
  if (!provider || !endpoints) return <Loading label={t('provider.loading')} />;

  const publishEndpoint = endpoints.find((e) => e.id === publishing) ?? null;
  return (
    <>
      {back}
      <div className="page-header">
        <h1>{provider.name}</h1>
        {!provider.enabled && <span className="badge badge-inactive">{t('registry.disabled')}</span>}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('registry.baseUrl')}</dt>
          <dd>
            <code>{provider.base_url}</code>
          </dd>
        </div>
        <div>
          <dt>{t('registry.category')}</dt>
          <dd>{codeLabel(t, 'registry.category', provider.category)}</dd>
        </div>
        <div>
          <dt>{t('registry.authType')}</dt>
          <dd>{codeLabel(t, 'registry.auth', provider.auth_type)}</dd>
        </div>
        <div>
          <dt>{t('registry.openapi')}</dt>
          <dd>{provider.openapi ? t('provider.openapiInfo', { title: provider.openapi.title ?? '—', version: provider.openapi.version ?? '—', date: formatDateTime(provider.openapi.imported_at, locale) }) : t('provider.noOpenapi')}</dd>
        </div>
        <div>
          <dt>{t('tenant.created')}</dt>
          <dd>{formatDateTime(provider.created_at, locale)}</dd>
        </div>
      </dl>
      {provider.description && <p>{provider.description}</p>}
      {failure !== null && <ErrorMessage error={failure} />}

      <CredentialCard tenantId={tenantId} provider={provider} canManage={rights.manage} />
      {rights.manage && <ImportCard tenantId={tenantId} provider={provider} />}

      <section aria-labelledby="endpoints-title" className="card">
        <h2 id="endpoints-title">{t('endpoints.title', { n: endpoints.length })}</h2>
        {published && (
          <p className="alert alert-info" role="status">
            {t('publish.done', { name: published })}
          </p>
        )}
        {endpoints.length === 0 ? (
          <p className="empty">{t('endpoints.empty')}</p>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="endpoints">
              <thead>
                <tr>
                  <th scope="col">{t('endpoints.method')}</th>
                  <th scope="col">{t('endpoints.path')}</th>
                  <th scope="col">{t('endpoints.semantic')}</th>
                  <th scope="col">{t('endpoints.summary')}</th>
                  <th scope="col">{t('endpoints.enabled')}</th>
                  <th scope="col">{t('registry.capabilities')}</th>
                  {rights.manage && (
                    <th scope="col">
                      <span className="visually-hidden">{t('caps.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <tr key={e.id} data-endpoint={e.semantic_name} className={e.enabled ? undefined : 'off'}>
                    <td>
                      <MethodBadge method={e.method} />
                    </td>
                    <td className="path">
                      <code>{e.path}</code>
                      {e.deprecated && <span className="badge">{t('endpoints.deprecated')}</span>}
                    </td>
                    <td>
                      <code>{e.semantic_name}</code>
                    </td>
                    <td className="summary">{e.summary ?? <span className="muted">—</span>}</td>
                    <td>
                      <Toggle on={e.enabled} canChange={rights.manage} busy={busy === e.id} label={t('endpoints.enabledLabel', { method: e.method, path: e.path })} onToggle={(enabled) => toggle.mutate({ e, enabled })} />
                    </td>
                    <td>
                      {e.capabilities.length ? (
                        <ul className="chips">
                          {e.capabilities.map((c) => (
                            <li key={c} className="chip">
                              {c}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    {rights.manage && (
                      <td>
                        <button
                          type="button"
                          className="button secondary"
                          aria-label={t('endpoints.publishLabel', { method: e.method, path: e.path })}
                          aria-expanded={publishing === e.id}
                          onClick={() => {
                            setPublished(null);
                            setPublishing(publishing === e.id ? null : e.id);
                          }}
                        >
                          {t('endpoints.publish')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {publishEndpoint && (
          <PublishForm
            key={publishEndpoint.id}
            tenantId={tenantId}
            endpoint={publishEndpoint}
            onCancel={() => setPublishing(null)}
            onDone={(name) => {
              setPublishing(null);
              setPublished(name);
            }}
          />
        )}
      </section>

      <CapabilitiesSection tenantId={tenantId} providerId={provider.id} rights={rights} />

      {rights.manage && (
        <section aria-labelledby="danger-title" className="card danger-zone">
          <h2 id="danger-title">{t('provider.deleteTitle')}</h2>
          <p>{t('provider.deleteIntro')}</p>
          <button type="button" className="button danger" onClick={() => void deleteProvider()}>
            {t('provider.delete', { name: provider.name })}
          </button>
        </section>
      )}
    </>
  );
}
