import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, data } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import { capabilitiesQuery, invalidate, keys, mcpPolicyQuery, tenantQuery } from '../queries.ts';
import { isPlatformSession, loadSession } from '../session.ts';
import type { McpPolicy, TenantDetail, TenantRole } from '../api/models.ts';
import { ErrorMessage, Field, issuesByField, Link, Loading, roleLabel, TableWrap } from '../ui.tsx';
import { McpAuditSection } from './mcp-audit-section.tsx';
import { McpConfirmationsSection } from './mcp-confirmations-section.tsx';
import { McpPolicySection } from './mcp-policy-section.tsx';
import { httpSnippet, KEY_PLACEHOLDER, mcpUrl, stdioSnippet, testCommand, ToolName, toolsUnderPolicy, type ToolView } from './mcp-tools.tsx';
import { registryRights } from './registry-common.tsx';
import '../messages/caps.es.ts';
import '../messages/keys.es.ts';
import '../messages/mcp.es.ts';

/** Roles a key for an AI client may have here (an owner key is not handed to a client from this page). */
const KEY_ROLES = ['viewer', 'agent', 'admin'] as const;

/** What the platform's own tools do, in the reader's language. */
const PLATFORM_DESCRIPTIONS: Record<string, MessageKey> = {
  'smarteros.tenant_profile': 'mcp.platform.tenant_profile',
  'smarteros.products': 'mcp.platform.products',
  'smarteros.activate_product': 'mcp.platform.activate_product',
  'smarteros.request_log_summary': 'mcp.platform.request_log_summary',
  'chat.find_contact': 'mcp.platform.chat_find_contact',
  'chat.search_conversations': 'mcp.platform.chat_search_conversations',
  'chat.read_conversation': 'mcp.platform.chat_read_conversation',
  'chat.send_message': 'mcp.platform.chat_send_message',
  'chat.handoff': 'mcp.platform.chat_handoff',
  'erp.search_products': 'mcp.platform.erp_search_products',
  'erp.stock_level': 'mcp.platform.erp_stock_level',
  'erp.find_customer': 'mcp.platform.erp_find_customer',
  'erp.create_order': 'mcp.platform.erp_create_order',
  'erp.order_status': 'mcp.platform.erp_order_status',
  'erp.payment_link': 'mcp.platform.erp_payment_link',
};

/** Copies text; without clipboard access, selects the block so Ctrl+C copies it. */
async function copyText(text: string, block: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (block) {
      block.focus();
      const range = document.createRange();
      range.selectNodeContents(block);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    return false;
  }
}

/**
 * A block of text to copy. The text is the element's content, never an attribute: the API key a snippet carries must not
 * end up in a value or data attribute of the page.
 */
function CopyBlock({ id, title, text, hint }: { id: string; title: string; text: string; hint?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const block = useRef<HTMLPreElement>(null);
  useEffect(() => setState('idle'), [text]);
  return (
    <div className="snippet" data-testid={id}>
      <div className="snippet-head">
        <h3 id={`${id}-title`}>{title}</h3>
        <button type="button" className="button secondary" aria-label={t('mcp.copyLabel', { what: title })} onClick={() => void copyText(text, block.current).then((ok) => setState(ok ? 'copied' : 'selected'))}>
          {state === 'copied' ? t('mcp.copied') : t('mcp.copy')}
        </button>
      </div>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <pre ref={block} className="code-block" tabIndex={0} aria-labelledby={`${id}-title`} aria-describedby={hint ? `${id}-hint` : undefined}>
        <code>{text}</code>
      </pre>
      <p className="visually-hidden" role="status">
        {state === 'copied' ? t('mcp.copiedStatus', { what: title }) : state === 'selected' ? t('mcp.selectedStatus') : ''}
      </p>
    </div>
  );
}

/** The URL, a key made here (held in this page's memory only) and the configuration a client needs. */
function ConnectSection({ tenantId, tenant, canCreateKey }: { tenantId: string; tenant: TenantDetail | null; canCreateKey: boolean }) {
  const { t } = useI18n();
  const platform = isPlatformSession(loadSession());
  const origin = location.origin;
  const url = mcpUrl(origin, tenantId, platform);
  const tenantRef = tenant?.rut ?? tenantId;
  const [name, setName] = useState(() => t('mcp.keyDefaultName'));
  const [role, setRole] = useState<(typeof KEY_ROLES)[number]>('viewer');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const queryClient = useQueryClient();
  // The key lives here (the mutation's answer) and nowhere else: not in storage, not in the URL, gone when the page is left.
  const make = useMutation({
    mutationFn: (body: { name: string; role: TenantRole }) => data(api.POST('/api/v1/tenants/{id}/api-keys', { params: { path: { id: tenantId } }, body })),
    onError: (err) => {
      if (issuesByField(err).name) setNameError(t('keys.nameRequired'));
    },
    // The keys section, the audit's names and the security log know it now.
    onSettled: () => invalidate(queryClient, keys.apiKeys(tenantId), keys.securityEvents(tenantId)),
  });
  const created = make.data ?? null;
  const failure = make.error && !issuesByField(make.error).name ? make.error : null;
  const busy = make.isPending;
  const createdBox = useRef<HTMLDivElement>(null);
  const key = created?.key ?? KEY_PLACEHOLDER;

  const forgotten = useRef(false);
  useEffect(() => {
    // Into the new key when it arrives; back to the form when it is removed from the screen.
    if (created) createdBox.current?.focus();
    else if (forgotten.current) document.getElementById('mcp-key-name')?.focus();
  }, [created]);

  function create(event: FormEvent) {
    event.preventDefault();
    make.reset();
    if (!name.trim()) {
      setNameError(t('keys.nameRequired'));
      document.getElementById('mcp-key-name')?.focus();
      return;
    }
    setNameError(undefined);
    make.mutate({ name: name.trim(), role });
  }

  return (
    <section aria-labelledby="mcp-connect-title" className="card">
      <h2 id="mcp-connect-title">{t('mcp.connectTitle')}</h2>
      <p className="hint section-intro">{t('mcp.connectIntro')}</p>
      <dl className="facts">
        <div>
          <dt>{t('mcp.url')}</dt>
          <dd>
            <code data-testid="mcp-url">{url}</code>
          </dd>
        </div>
        <div>
          <dt>{t('mcp.auth')}</dt>
          <dd className="normal">{platform ? t('mcp.authPlatform') : t('mcp.authTenant')}</dd>
        </div>
      </dl>

      {canCreateKey && (
        <>
          <h3 id="mcp-key-title">{t('mcp.keyTitle')}</h3>
          {failure !== null && <ErrorMessage error={failure} />}
          {created ? (
            <div ref={createdBox} tabIndex={-1} className="alert alert-info" role="status" data-testid="mcp-created-key">
              <p>
                <strong>{t('keys.onceWarning')}</strong> {t('mcp.keyMemory')}
              </p>
              <CopyBlock id="mcp-key" title={t('mcp.keyCreated', { name: created.name, role: roleLabel(t, created.role) })} text={created.key} />
              <button
                type="button"
                className="button link"
                onClick={() => {
                  forgotten.current = true;
                  make.reset();
                }}
              >
                {t('mcp.keyForget')}
              </button>
            </div>
          ) : (
            <form className="key-form" onSubmit={create} noValidate aria-labelledby="mcp-key-title">
              <Field id="mcp-key-name" label={t('keys.name')} autoComplete="off" required value={name} onChange={setName} error={nameError} />
              <div className="field">
                <label htmlFor="mcp-key-role">{t('keys.role')}</label>
                <select id="mcp-key-role" value={role} aria-describedby="mcp-key-role-hint" onChange={(e) => setRole(e.target.value as (typeof KEY_ROLES)[number])}>
                  {KEY_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(t, r)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <button type="submit" className="button primary" disabled={busy}>
                  {busy ? t('keys.creating') : t('mcp.keyCreate')}
                </button>
              </div>
              <p id="mcp-key-role-hint" className="hint full">
                {t('mcp.keyRoleHint')}
              </p>
            </form>
          )}
        </>
      )}

      <h3 className="snippets-title">{t('mcp.snippetsTitle')}</h3>
      <p className="hint">
        {created ? t('mcp.snippetsWithKey') : t('mcp.snippetsPlaceholder', { placeholder: KEY_PLACEHOLDER })} {!canCreateKey && t('mcp.askAdmin')}
      </p>
      <div className="snippets">
        <CopyBlock id="mcp-snippet-http" title={t('mcp.snippetHttp')} hint={t('mcp.snippetHttpHint')} text={httpSnippet(url, key)} />
        <CopyBlock id="mcp-snippet-stdio" title={t('mcp.snippetStdio')} hint={t('mcp.snippetStdioHint')} text={stdioSnippet(origin, tenantRef, key)} />
        <CopyBlock id="mcp-snippet-test" title={t('mcp.snippetTest')} hint={t('mcp.snippetTestHint')} text={testCommand(tenantRef)} />
      </div>
      {canCreateKey && (
        <p className="hint">
          {t('mcp.keysElsewhere')} <Link to={`/tenants/${encodeURIComponent(tenantId)}`}>{t('mcp.keysLink')}</Link>
        </p>
      )}
    </section>
  );
}

/** The tools an AI client sees now, and the ones the policy or the registry keeps from it. */
function ToolsSection({ tools }: { tools: ToolView[] }) {
  const { t } = useI18n();
  const visible = tools.filter((x) => !x.hidden);
  const hidden = tools.filter((x) => x.hidden);
  return (
    <section aria-labelledby="mcp-tools-title" className="card">
      <h2 id="mcp-tools-title">{t('mcp.toolsTitle')}</h2>
      <p className="hint" data-testid="mcp-tools-count">
        {t('mcp.toolsCount', { n: visible.length, total: tools.length })}
      </p>
      <p className="hint">{t('mcp.toolsRoleHint')}</p>
      {visible.length === 0 ? (
        <p className="empty">{t('mcp.toolsNone')}</p>
      ) : (
        <TableWrap>
          <table className="tools-table" data-testid="mcp-tools">
            <thead>
              <tr>
                <th scope="col">{t('mcp.tool')}</th>
                <th scope="col">{t('mcp.kind')}</th>
                <th scope="col">{t('mcp.confirmCol')}</th>
                <th scope="col">{t('mcp.origin')}</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((x) => (
                <tr key={x.name} data-tool={x.name}>
                  <th scope="row">
                    <ToolName name={x.name} />
                    <span className="tool-desc">{x.platform ? t(PLATFORM_DESCRIPTIONS[x.name] ?? 'mcp.platformOrigin') : (x.description ?? `${x.method ?? ''} ${x.path ?? ''}`)}</span>
                  </th>
                  <td>
                    <span className={`badge ${x.kind === 'write' ? 'badge-trial' : 'badge-active'}`}>{x.kind === 'write' ? t('caps.write') : t('caps.read')}</span>
                  </td>
                  <td>{x.confirm ? <span className="badge badge-confirm">{t('caps.confirmation')}</span> : <span className="muted">{t('mcp.noConfirm')}</span>}</td>
                  <td>{x.platform ? t('mcp.platformOrigin') : x.provider}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {hidden.length > 0 && (
        <>
          <h3 className="subhead">{t('mcp.hiddenTitle', { n: hidden.length })}</h3>
          <ul className="plain-list" data-testid="mcp-hidden-tools">
            {hidden.map((x) => (
              <li key={x.name} data-tool={x.name}>
                <ToolName name={x.name} /> <span className="muted">— {t(`mcp.hidden.${x.hidden!}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A tenant's AI page: how to connect an MCP client, the tools it sees, the AI controls, and the audit of its calls. */
export function McpPage({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const rights = registryRights(tenantId);
  const queryClient = useQueryClient();
  const tenantRead = useQuery(tenantQuery(tenantId));
  const policyRead = useQuery(mcpPolicyQuery(tenantId));
  const capabilitiesRead = useQuery(capabilitiesQuery(tenantId));
  const tenant = tenantRead.data ?? null;
  const policy = policyRead.data ?? null;
  const capabilities = capabilitiesRead.data ?? null;
  const error = tenantRead.error ?? policyRead.error ?? capabilitiesRead.error;
  const retry = () => void Promise.all([tenantRead.refetch(), policyRead.refetch(), capabilitiesRead.refetch()]);
  /** A saved policy is the page's at once; the actions it allows change with it. */
  const policySaved = (saved: McpPolicy) => {
    queryClient.setQueryData(keys.mcpPolicy(tenantId), saved);
    void queryClient.invalidateQueries({ queryKey: keys.actions(tenantId) });
  };

  const tools = useMemo(() => (policy && capabilities ? toolsUnderPolicy(policy, capabilities) : null), [policy, capabilities]);

  return (
    <>
      <div className="page-header">
        <h1>{t('mcp.title')}</h1>
      </div>
      <p className="lead">{t('mcp.intro')}</p>
      {error !== null && !tools ? (
        error instanceof ApiError && error.status === 404 ? (
          <p className="empty">{t('tenant.notFound')}</p>
        ) : (
          <ErrorMessage error={error} onRetry={retry} />
        )
      ) : !tools || !policy ? (
        <Loading label={t('mcp.loading')} />
      ) : (
        <>
          <ConnectSection tenantId={tenantId} tenant={tenant} canCreateKey={rights.manage} />
          <ToolsSection tools={tools} />
          <McpConfirmationsSection tenantId={tenantId} confirmMinRole={policy.confirm_min_role} />
          <McpPolicySection tenantId={tenantId} policy={policy} tools={tools} canEdit={rights.manage} onSaved={policySaved} />
          <McpAuditSection tenantId={tenantId} toolNames={tools.map((x) => x.name)} />
        </>
      )}
    </>
  );
}
