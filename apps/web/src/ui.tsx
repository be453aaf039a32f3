import { useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { ApiError } from './api.ts';
import type { ServerErrorCode } from './api/models.ts';
import { hasMessage, labelOf, useI18n, type MessageKey, type Translate } from './i18n.tsx';
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

/** Every code the server's OpenAPI document lists has its own words: a code added without them does not compile. */
type UnwordedCodes = Exclude<`error.code.${ServerErrorCode}`, MessageKey>;
const everyCodeWorded: [UnwordedCodes] extends [never] ? true : UnwordedCodes = true;
void everyCodeWorded;

/** The key of a code's own wording, when the dictionary has one. */
function codeKey(code: string): MessageKey | null {
  const key = `error.code.${code}`;
  return hasMessage(key) ? key : null;
}

/**
 * What a person should read for an API error, in their language: worded from its code and details (the server's
 * English message is for logs and scripts, and never shown).
 */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    const retry = err.details.retry_after_seconds;
    const key = codeKey(err.code) ?? (err.status === 403 ? 'error.code.forbidden' : err.status === 404 ? 'error.code.not_found' : err.status >= 500 ? 'error.code.internal' : null);
    if (key) return t(key, { seconds: typeof retry === 'number' ? Math.ceil(retry) : 0 });
  }
  return t('error.code.internal');
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

/** A tenant's status (feminine: «Activa», la empresa) or a product's (masculine: «Activo», el ERP). */
export function StatusBadge({ status, of = 'tenant' }: { status: string; of?: 'tenant' | 'product' }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{labelOf(t, of === 'product' ? 'productStatus' : 'status', status)}</span>;
}

/** What ties a field to its hint and its error for screen readers: `aria-describedby` and `aria-invalid`. */
export function fieldAria(id: string, hint: string | undefined, error: string | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
}

/** A field's hint and its error under it (the error announced), with the ids `fieldAria` points at. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
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
    </>
  );
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
        {...fieldAria(id, hint, error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
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
  return hasMessage(key) ? t(key) : role;
}

/**
 * A wide table's box: when its columns do not fit (a phone), it says so beside it and the edge shows a shadow; the box
 * is then a focusable, named region so a keyboard can scroll it.
 */
export function TableWrap({ children, ...rest }: { children: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {overflows && (
        <p className="scroll-hint" data-testid="scroll-hint">
          {t('table.scrollHint')}
        </p>
      )}
      <div
        {...rest}
        ref={ref}
        className="table-wrap"
        data-overflow={overflows ? 'true' : undefined}
        {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': t('table.scrollLabel') } : {})}
      >
        {children}
      </div>
    </>
  );
}
