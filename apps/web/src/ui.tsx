import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import { DICTIONARIES, labelOf, useI18n, type MessageKey, type Translate } from './i18n.tsx';
import { linkHandler } from './router.ts';

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a href={to} onClick={linkHandler(to)} className={className}>
      {children}
    </a>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** What a person should read for an API error (and can act on). */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 403) return t('error.forbidden');
    return t('error.generic', { message: err.message });
  }
  return t('error.generic', { message: err instanceof Error ? err.message : String(err) });
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorText(t, error)}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{labelOf(t, 'status', status)}</span>;
}

/** A labelled input with its hint and its error beside it (announced, and tied to the input for screen readers). */
export function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  error?: string | undefined;
}) {
  const { id, error, hint } = props;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        required={props.required}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Field errors of a 400 answer, by field name (the body's path without "body."). */
export function issuesByField(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError && err.status === 400) for (const i of err.issues) out[i.path.replace(/^body\./, '')] ??= i.message;
  return out;
}

/** A role's name in the reader's language. */
export function roleLabel(t: Translate, role: string): string {
  const key = `role.${role}`;
  return key in DICTIONARIES.es ? t(key as MessageKey) : role;
}
