import { useRef, useState, type RefObject } from 'react';
import { ApiError } from '../api.ts';
import { useI18n, type MessageKey, type Translate } from '../i18n.tsx';
import type { ApiAuthType, CredentialInput, CredentialOutput } from '../api/models.ts';
import { Field } from '../ui.tsx';
import '../messages/registry.es.ts';
import { codeLabel } from './registry-common.tsx';

/** The registry's form pieces (credentials, an OpenAPI document's source, switches): the registry chunk's alone. */

/** A form's submit button (showing `busyLabel` while `busy`) and its Cancel button. */
export function FormActions({ busy, label, busyLabel, onCancel }: { busy: boolean; label: string; busyLabel: string; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="button secondary" onClick={onCancel}>
        {t('registry.cancel')}
      </button>
    </div>
  );
}

/** "ab06…f26d · …mnop": enough to tell credentials apart, never the secret. */
export function CredentialBadge({ credential, authType }: { credential: CredentialOutput | null; authType: string }) {
  const { t } = useI18n();
  if (authType === 'none') return <span className="muted">{t('registry.noAuth')}</span>;
  if (!credential) return <span className="badge badge-suspended">{t('registry.noCredential')}</span>;
  return (
    <span className="nowrap" data-testid="credential-fingerprint">
      <code title={t('registry.fingerprint')}>{credential.fingerprint}</code>
      {credential.last4 && <code> …{credential.last4}</code>}
    </span>
  );
}

/** An http(s) URL without user:password, as the server accepts it. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The server's field errors, by field name: "body.credential.secret" and (on PUT credential) "body.secret" are both "secret". */
export function credentialIssues(issues: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    if (path.startsWith('credential.')) out[path.slice(11)] ??= message;
    else out[path] ??= message;
  }
  return out;
}

/** An egress refusal (a private, loopback or metadata address) in the reader's language, or null for other errors. */
export function egressText(t: Translate, err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'egress_refused') return null;
  const reason = typeof err.details.reason === 'string' ? err.details.reason : 'other';
  const host = typeof err.details.host === 'string' ? err.details.host : '';
  return t('registry.errEgress', { host, reason: codeLabel(t, 'registry.egress', reason in EGRESS_REASONS ? reason : 'other') });
}
const EGRESS_REASONS = { private: 1, loopback: 1, localhost: 1, metadata: 1, link_local: 1 };

/** The JSON-pointer issues of a refused OpenAPI document (422), shown as a list beside the document's field. */
export function documentIssues(err: unknown): Array<{ path: string; message: string }> {
  return err instanceof ApiError && err.status === 422 && err.code === 'unprocessable' ? err.issues.filter((i) => !i.path.startsWith('body.')) : [];
}

export interface CredentialDraft {
  placement: 'header' | 'query';
  header_name: string;
  query_name: string;
  username: string;
  client_id: string;
  token_url: string;
  scopes: string;
}

export const EMPTY_CREDENTIAL: CredentialDraft = { placement: 'header', header_name: 'X-API-Key', query_name: 'api_key', username: '', client_id: '', token_url: '', scopes: '' };

/** The credential to send, or the field errors to show first. The secret is read from its (uncontrolled) input. */
export function credentialBody(t: Translate, auth: ApiAuthType, draft: CredentialDraft, secret: string): { body: CredentialInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!secret) errors.secret = t('registry.errSecret');
  const body: CredentialInput = { secret };
  if (auth === 'api_key') {
    if (draft.placement === 'query') {
      if (!draft.query_name.trim()) errors.query_name = t('registry.errQueryName');
      body.query_name = draft.query_name.trim();
    } else {
      if (!draft.header_name.trim()) errors.header_name = t('registry.errHeaderName');
      body.header_name = draft.header_name.trim();
    }
  } else if (auth === 'basic') {
    if (!draft.username) errors.username = t('registry.errUsername');
    body.username = draft.username;
  } else if (auth === 'oauth2') {
    if (!draft.client_id.trim()) errors.client_id = t('registry.errClientId');
    if (!isHttpUrl(draft.token_url)) errors.token_url = t('registry.errUrl');
    body.client_id = draft.client_id.trim();
    body.token_url = draft.token_url.trim();
    const scopes = draft.scopes.split(/[\s,]+/).filter(Boolean);
    if (scopes.length) body.scopes = scopes;
  }
  return Object.keys(errors).length ? { errors } : { body };
}

/**
 * The fields of a credential for an auth type. The secret's input is uncontrolled (read through secretRef on submit):
 * a controlled input would mirror the secret into its value attribute, and so into the page's HTML.
 */
export function CredentialFields(props: {
  idPrefix: string;
  auth: ApiAuthType;
  draft: CredentialDraft;
  onChange(draft: CredentialDraft): void;
  secretRef: RefObject<HTMLInputElement | null>;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const { idPrefix: p, auth, draft, errors } = props;
  const set = (patch: Partial<CredentialDraft>) => props.onChange({ ...draft, ...patch });
  if (auth === 'none') return null;
  const secretLabel: Record<Exclude<ApiAuthType, 'none'>, MessageKey> = {
    api_key: 'registry.secretApiKey',
    bearer: 'registry.secretBearer',
    basic: 'registry.secretBasic',
    oauth2: 'registry.secretOauth2',
  };
  const secretId = `${p}-secret`;
  const secretDescribedBy = [`${secretId}-hint`, errors.secret ? `${secretId}-error` : null].filter(Boolean).join(' ');
  const secret = (
    <div className={`field${errors.secret ? ' has-error' : ''}`}>
      <label htmlFor={secretId}>{t(secretLabel[auth])}</label>
      <input
        id={secretId}
        ref={props.secretRef}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        required
        aria-invalid={errors.secret ? true : undefined}
        aria-describedby={secretDescribedBy}
      />
      <p id={`${secretId}-hint`} className="hint">
        {t('registry.secretHint')}
      </p>
      {errors.secret && (
        <p id={`${secretId}-error`} className="field-error" role="alert">
          {errors.secret}
        </p>
      )}
    </div>
  );
  return (
    <fieldset className="field subfields">
      <legend>{t('registry.credential')}</legend>
      {auth === 'basic' && <Field id={`${p}-username`} label={t('registry.username')} autoComplete="off" required value={draft.username} onChange={(v) => set({ username: v })} error={errors.username} />}
      {auth === 'oauth2' && <Field id={`${p}-client-id`} label={t('registry.clientId')} autoComplete="off" required value={draft.client_id} onChange={(v) => set({ client_id: v })} error={errors.client_id} />}
      {secret}
      {auth === 'api_key' && (
        <>
          <fieldset className="field">
            <legend>{t('registry.placement')}</legend>
            <div className="checks">
              {(['header', 'query'] as const).map((where) => (
                <label key={where} className="check">
                  <input type="radio" name={`${p}-placement`} value={where} checked={draft.placement === where} onChange={() => set({ placement: where })} />
                  {t(where === 'header' ? 'registry.inHeader' : 'registry.inQuery')}
                </label>
              ))}
            </div>
          </fieldset>
          {draft.placement === 'header' ? (
            <Field id={`${p}-header-name`} label={t('registry.headerName')} autoComplete="off" required value={draft.header_name} onChange={(v) => set({ header_name: v })} error={errors.header_name} />
          ) : (
            <Field id={`${p}-query-name`} label={t('registry.queryName')} autoComplete="off" required value={draft.query_name} onChange={(v) => set({ query_name: v })} error={errors.query_name} />
          )}
        </>
      )}
      {auth === 'oauth2' && (
        <>
          <Field id={`${p}-token-url`} label={t('registry.tokenUrl')} type="url" autoComplete="off" required value={draft.token_url} onChange={(v) => set({ token_url: v })} hint={t('registry.tokenUrlHint')} error={errors.token_url} />
          <Field id={`${p}-scopes`} label={t('registry.scopes')} autoComplete="off" value={draft.scopes} onChange={(v) => set({ scopes: v })} hint={t('registry.scopesHint')} error={errors.scopes} />
        </>
      )}
    </fieldset>
  );
}

export type DocumentSource = { kind: 'none' } | { kind: 'file'; name: string; text: string } | { kind: 'url'; url: string };

/** Where an OpenAPI document comes from: a file read as text in the browser, or a URL the server fetches. */
export function OpenApiSource(props: { idPrefix: string; source: DocumentSource; onChange(source: DocumentSource): void; optional: boolean; error?: string | undefined; issues?: Array<{ path: string; message: string }> }) {
  const { t } = useI18n();
  const { idPrefix: p, source } = props;
  const [fileKey, setFileKey] = useState(0);
  const [reading, setReading] = useState(false);
  const lastUrl = useRef('');
  const kinds = props.optional ? (['none', 'file', 'url'] as const) : (['file', 'url'] as const);
  const labels = { none: 'registry.docNone', file: 'registry.docFile', url: 'registry.docUrl' } as const;
  const errorId = `${p}-doc-error`;
  return (
    <fieldset className="field subfields">
      <legend>{t('registry.openapi')}</legend>
      <div className="checks">
        {kinds.map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name={`${p}-doc`}
              value={k}
              checked={source.kind === k}
              onChange={() => {
                setFileKey((n) => n + 1);
                props.onChange(k === 'url' ? { kind: 'url', url: lastUrl.current } : k === 'file' ? { kind: 'file', name: '', text: '' } : { kind: 'none' });
              }}
            />
            {t(labels[k])}
          </label>
        ))}
      </div>
      {source.kind === 'file' && (
        <div className={`field${props.error ? ' has-error' : ''}`}>
          <label htmlFor={`${p}-doc-file`}>{t('registry.docFileLabel')}</label>
          <input
            key={fileKey}
            id={`${p}-doc-file`}
            type="file"
            accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
            aria-invalid={props.error ? true : undefined}
            aria-describedby={`${p}-doc-file-hint${props.error ? ` ${errorId}` : ''}`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return props.onChange({ kind: 'file', name: '', text: '' });
              setReading(true);
              void file
                .text()
                .then((text) => props.onChange({ kind: 'file', name: file.name, text }))
                .finally(() => setReading(false));
            }}
          />
          <p id={`${p}-doc-file-hint`} className="hint" aria-live="polite">
            {reading ? t('registry.docReading') : source.name ? t('registry.docRead', { name: source.name, size: Math.ceil(source.text.length / 1024) }) : t('registry.docFileHint')}
          </p>
        </div>
      )}
      {source.kind === 'url' && (
        <Field
          id={`${p}-doc-url`}
          label={t('registry.docUrlLabel')}
          type="url"
          autoComplete="off"
          value={source.url}
          onChange={(url) => {
            lastUrl.current = url;
            props.onChange({ kind: 'url', url });
          }}
          hint={t('registry.docUrlHint')}
        />
      )}
      {props.error && (
        <div id={errorId} className="field-error" role="alert">
          <p>{props.error}</p>
          {props.issues && props.issues.length > 0 && (
            <ul className="issues">
              {props.issues.map((i, n) => (
                <li key={n}>
                  {i.path && <code>{i.path}</code>} {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** An on/off switch for managers; a plain yes/no for everyone else. */
export function Toggle({ on, label, canChange, busy, onToggle }: { on: boolean; label: string; canChange: boolean; busy?: boolean; onToggle(next: boolean): void }) {
  const { t } = useI18n();
  if (!canChange) return <span className={`badge ${on ? 'badge-active' : 'badge-inactive'}`}>{on ? t('registry.on') : t('registry.off')}</span>;
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={on} disabled={busy} aria-label={label} onChange={(e) => onToggle(e.target.checked)} />
      <span aria-hidden="true">{on ? t('registry.on') : t('registry.off')}</span>
    </label>
  );
}
