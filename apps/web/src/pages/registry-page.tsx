import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, data, issuesByPath } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { API_AUTH_TYPES, API_CATEGORIES, type ApiAuthType, type ApiCategory, type Body } from '../api/models.ts';
import { invalidate, keys, providersQuery } from '../queries.ts';
import { registrySearch } from '../search.ts';
import { ErrorMessage, Field, Link, Loading, errorText, TableWrap } from '../ui.tsx';
import { CapabilitiesSection } from './capabilities-section.tsx';
import { codeLabel, registryRights } from './registry-common.tsx';
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
  type CredentialDraft,
  type DocumentSource,
} from './registry-forms.tsx';
import '../messages/registry.es.ts';

export const apisPath = (tenantId: string): string => `/tenants/${encodeURIComponent(tenantId)}/apis`;
export const providerPath = (tenantId: string, providerId: string): string => `${apisPath(tenantId)}/${encodeURIComponent(providerId)}`;

/** Registers a provider: where it lives, how it authenticates (the secret is write-only) and, optionally, its OpenAPI document. */
function RegisterProviderForm({ tenantId, onCancel }: { tenantId: string; onCancel(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [category, setCategory] = useState<ApiCategory>('custom');
  const [auth, setAuth] = useState<ApiAuthType>('api_key');
  const [draft, setDraft] = useState<CredentialDraft>(EMPTY_CREDENTIAL);
  const [doc, setDoc] = useState<DocumentSource>({ kind: 'none' });
  const secretRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [docIssues, setDocIssues] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const queryClient = useQueryClient();
  // Registering may publish capabilities too (expose): the whole registry is read again, and the actions catalog.
  const register = useMutation({
    mutationFn: (body: Body<'/api/v1/providers', 'post'>) => data(api.POST('/api/v1/providers', { params: { query: { tenant_id: tenantId } }, body })),
    onSuccess: () => invalidate(queryClient, keys.registry(tenantId), keys.actions(tenantId)),
  });
  const busy = register.isPending;

  const FIELD_IDS: Record<string, string> = {
    name: 'provider-name',
    base_url: 'provider-base-url',
    secret: 'provider-secret',
    header_name: 'provider-header-name',
    query_name: 'provider-query-name',
    username: 'provider-username',
    client_id: 'provider-client-id',
    token_url: 'provider-token-url',
    scopes: 'provider-scopes',
    document: 'provider-doc-file',
  };
  const focusFirst = (errs: Record<string, string>) => {
    const first = Object.keys(FIELD_IDS).find((k) => errs[k]);
    if (first) document.getElementById(FIELD_IDS[first]!)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setDocIssues([]);
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('registry.errName');
    if (!isHttpUrl(baseUrl)) errs.base_url = t('registry.errUrl');
    let credential: Body<'/api/v1/providers', 'post'>['credential'];
    if (auth !== 'none') {
      const c = credentialBody(t, auth, draft, secretRef.current?.value ?? '');
      if ('errors' in c) Object.assign(errs, c.errors);
      else credential = c.body;
    }
    if (doc.kind === 'file' && !doc.text) errs.document = t('registry.errDocFile');
    if (doc.kind === 'url' && !isHttpUrl(doc.url)) errs.document = t('registry.errUrl');
    setErrors(errs);
    if (Object.keys(errs).length) return focusFirst(errs);
    try {
      const body = {
        name: name.trim(),
        base_url: baseUrl.trim(),
        category,
        auth_type: auth,
        ...(credential ? { credential } : {}),
        ...(doc.kind === 'file' ? { openapi: doc.text } : doc.kind === 'url' ? { openapi_url: doc.url.trim() } : {}),
      };
      const out = await register.mutateAsync(body);
      if (secretRef.current) secretRef.current.value = '';
      navigate(providerPath(tenantId, out.id));
    } catch (err) {
      const byField = credentialIssues(issuesByPath(err));
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(byField)) {
        const key = field === 'openapi' || field === 'openapi_url' ? 'document' : field === 'credential' ? 'secret' : field;
        mapped[key] ??= egressText(t, err) ?? message;
      }
      const issues = documentIssues(err);
      if (issues.length || (err instanceof ApiError && err.status === 422 && doc.kind !== 'none' && !Object.keys(mapped).length)) {
        mapped.document = errorText(t, err);
        setDocIssues(issues);
      }
      if (Object.keys(mapped).length) {
        setErrors(mapped);
        focusFirst(mapped);
      } else setFailure(err);
    }
  }

  return (
    <section aria-labelledby="register-title" className="card" id="register-provider">
      <h2 id="register-title">{t('registry.registerTitle')}</h2>
      <p className="hint">{t('registry.registerIntro')}</p>
      {failure !== null && <ErrorMessage error={failure} />}
      <form className="form" onSubmit={submit} noValidate aria-labelledby="register-title">
        <Field id="provider-name" label={t('registry.name')} autoComplete="off" required value={name} onChange={setName} error={errors.name} />
        <Field id="provider-base-url" label={t('registry.baseUrl')} type="url" autoComplete="off" required value={baseUrl} onChange={setBaseUrl} hint={t('registry.baseUrlHint')} error={errors.base_url} />
        <div className="field">
          <label htmlFor="provider-category">{t('registry.category')}</label>
          <select id="provider-category" value={category} onChange={(e) => setCategory(e.target.value as ApiCategory)}>
            {API_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {codeLabel(t, 'registry.category', c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="provider-auth">{t('registry.authType')}</label>
          <select id="provider-auth" value={auth} onChange={(e) => setAuth(e.target.value as ApiAuthType)}>
            {API_AUTH_TYPES.map((a) => (
              <option key={a} value={a}>
                {codeLabel(t, 'registry.auth', a)}
              </option>
            ))}
          </select>
        </div>
        <CredentialFields key={auth} idPrefix="provider" auth={auth} draft={draft} onChange={setDraft} secretRef={secretRef} errors={errors} />
        <OpenApiSource idPrefix="provider" source={doc} onChange={setDoc} optional error={errors.document} issues={docIssues} />
        <FormActions busy={busy} label={t('registry.register')} busyLabel={t('registry.registering')} onCancel={onCancel} />
      </form>
    </section>
  );
}

/** A tenant's API registry: its providers, the form to register one, and the capabilities they publish. */
export function RegistryPage({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const rights = registryRights(tenantId);
  const list = useQuery(providersQuery(tenantId));
  const error = list.error;
  const [registering, setRegistering] = useState(false);
  // The search is in the URL (Back, a reload or a shared link keep it); the box updates it a moment after the last key.
  const { q = '' } = registrySearch(useSearch({ strict: false }));
  const routerNavigate = useNavigate();
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    const next = search.trim();
    if (next === q) return;
    const timer = setTimeout(() => void routerNavigate({ to: apisPath(tenantId), search: next ? { q: next } : {}, replace: true }), 250);
    return () => clearTimeout(timer);
  }, [search, q, tenantId, routerNavigate]);
  const needle = q.toLowerCase();
  const providers = list.data?.filter((p) => !needle || [p.name, p.base_url, p.description ?? ''].some((text) => text.toLowerCase().includes(needle))) ?? null;

  const registerButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Into the form when it opens; back to its button when it closes.
    if (registering) document.getElementById('provider-name')?.focus();
    else if (opened.current) registerButton.current?.focus();
    opened.current ||= registering;
  }, [registering]);

  return (
    <>
      <div className="page-header">
        <h1>{t('registry.title')}</h1>
        {rights.manage && !registering && (
          <button ref={registerButton} type="button" className="button primary" onClick={() => setRegistering(true)}>
            {t('registry.registerButton')}
          </button>
        )}
      </div>
      <p className="lead">{t('registry.intro')}</p>
      {registering && <RegisterProviderForm tenantId={tenantId} onCancel={() => setRegistering(false)} />}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="registry-search">{t('registry.search')}</label>
          <input id="registry-search" type="search" value={search} placeholder={t('registry.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </form>

      <section aria-labelledby="providers-title" className="card">
        <h2 id="providers-title">{t('registry.providers')}</h2>
        {error !== null && !providers ? (
          error instanceof ApiError && error.status === 404 ? (
            <p className="empty">{t('tenant.notFound')}</p>
          ) : (
            <ErrorMessage error={error} onRetry={() => void list.refetch()} />
          )
        ) : !providers ? (
          <Loading label={t('registry.loading')} />
        ) : providers.length === 0 ? (
          <p className="empty">{needle ? t('registry.noMatch', { q }) : rights.manage ? t('registry.emptyManage') : t('registry.empty')}</p>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="providers">
              <thead>
                <tr>
                  <th scope="col">{t('registry.name')}</th>
                  <th scope="col">{t('registry.category')}</th>
                  <th scope="col">{t('registry.authType')}</th>
                  <th scope="col">{t('registry.baseUrl')}</th>
                  <th scope="col" className="num">
                    {t('registry.endpoints')}
                  </th>
                  <th scope="col" className="num">
                    {t('registry.capabilities')}
                  </th>
                  <th scope="col">{t('registry.credential')}</th>
                </tr>
              </thead>
              <tbody>
                {providers.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={providerPath(tenantId, p.id)}>{p.name}</Link>
                      {!p.enabled && <span className="badge badge-inactive">{t('registry.disabled')}</span>}
                    </th>
                    <td>{codeLabel(t, 'registry.category', p.category)}</td>
                    <td>{codeLabel(t, 'registry.auth', p.auth_type)}</td>
                    <td className="url">
                      <code>{p.base_url}</code>
                    </td>
                    <td className="num">{p.endpoint_count}</td>
                    <td className="num">{p.capability_count}</td>
                    <td>
                      <CredentialBadge credential={p.credential} authType={p.auth_type} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <CapabilitiesSection tenantId={tenantId} rights={rights} filter={q} />
    </>
  );
}
