import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import { labelOf, useI18n, type Translate } from './i18n.tsx';
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
