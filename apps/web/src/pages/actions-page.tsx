import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, apiRequest, forTenant } from '../api.ts';
import type { ActionOutput, ConfirmationRequest } from '../api/models.ts';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';
import { useI18n, type Translate } from '../i18n.tsx';
import { errorText, ErrorMessage, FieldNotes, Link, Loading, roleLabel } from '../ui.tsx';
import { ToolName } from './mcp-tools.tsx';
import { fieldsOf, initialValue, readForm, type FieldProblem, type FieldSpec, type FieldValue } from './schema-form.ts';
import '../messages/actions.es.ts';
import '../messages/caps.es.ts';

type RunAnswer = { result: unknown } | { confirmation: ConfirmationRequest };

function problemText(t: Translate, field: string, p: FieldProblem): string {
  return t(`actions.err.${p.key}`, { field, limit: 'limit' in p ? p.limit : 0 });
}

/** One input of an action's form, from its schema field. */
function SchemaField({ id, f, value, error, onChange }: { id: string; f: FieldSpec; value: FieldValue; error?: string | undefined; onChange(v: FieldValue): void }) {
  const { t } = useI18n();
  const hint = [f.description, f.kind === 'string-array' ? t('actions.onePerLine') : f.kind === 'json' ? t('actions.jsonHint') : undefined].filter(Boolean).join(' ');
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name: f.name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': f.required || undefined } as const;
  const text = typeof value === 'string' ? value : '';
  const label = (
    <label htmlFor={id}>
      <code>{f.name}</code>
      {f.required && (
        <>
          {' '}
          <span aria-hidden="true" className="required-mark">
            *
          </span>
          <span className="visually-hidden">{t('actions.required')}</span>
        </>
      )}
    </label>
  );
  return (
    <div className={`field${error ? ' has-error' : ''}${f.kind === 'json' || f.kind === 'string-array' ? ' full' : ''}`} data-field={f.name}>
      {f.kind === 'boolean' ? (
        <label className="checkbox" htmlFor={id}>
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> <code>{f.name}</code>
        </label>
      ) : (
        label
      )}
      {f.kind === 'enum' ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          {f.default === undefined && <option value="">{t('actions.choose')}</option>}
          {f.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : f.kind === 'json' || f.kind === 'string-array' ? (
        <textarea {...common} rows={f.kind === 'json' ? 5 : 3} spellCheck={false} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : f.kind !== 'boolean' ? (
        <input {...common} type="text" inputMode={f.kind === 'string' ? undefined : 'decimal'} autoComplete="off" value={text} onChange={(e) => onChange(e.target.value)} />
      ) : null}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** One action: its form from the JSON Schema of its input, run through the REST runner, the answer shown in words. */
function ActionForm({ tenantId, action, title }: { tenantId: string; action: ActionOutput; title: string }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const fields = useMemo(() => fieldsOf(action.input_schema), [action.input_schema]);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => Object.fromEntries((fields ?? []).map((f) => [f.name, initialValue(f)])));
  const [whole, setWhole] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const idOf = (name: string) => `act-${action.name.replace(/[^a-z0-9]/gi, '-')}-${name}`;

  const run = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      apiRequest<RunAnswer>(forTenant(`/api/v1/actions/${encodeURIComponent(action.name)}/run`, tenantId), { method: 'POST', body: input }),
    onSuccess: (answer) => {
      if ('confirmation' in answer) void queryClient.invalidateQueries({ queryKey: keys.confirmations(tenantId) });
    },
    onError: (err) => {
      // The server names the fields it refused: beside them, as the browser's own checks.
      if (err instanceof ApiError && err.status === 400) {
        const byField: Record<string, string> = {};
        for (const i of err.issues) {
          const name = i.path.replace(/^body\./, '');
          if ((fields ?? []).some((f) => f.name === name)) byField[name] ??= t('actions.err.server', { field: name });
        }
        setErrors(byField);
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    run.reset();
    let input: Record<string, unknown>;
    if (fields) {
      const read = readForm(fields, values);
      const found = Object.fromEntries(Object.entries(read.problems).map(([name, p]) => [name, problemText(t, name, p)]));
      setErrors(found);
      const first = fields.find((f) => found[f.name]);
      if (first) {
        document.getElementById(idOf(first.name))?.focus();
        return;
      }
      input = read.input;
    } else {
      try {
        const parsed = JSON.parse(whole || '{}') as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        input = parsed as Record<string, unknown>;
        setErrors({});
      } catch {
        setErrors({ input: t('actions.err.json', { field: 'input' }) });
        document.getElementById(idOf('input'))?.focus();
        return;
      }
    }
    run.mutate(input);
  }

  const answer = run.data;
  return (
    <form onSubmit={submit} noValidate aria-label={t('actions.formLabel', { action: title })} className="action-form">
      {fields ? (
        fields.length === 0 ? (
          <p className="hint">{t('actions.noInput')}</p>
        ) : (
          <div className="key-form">
            {fields.map((f) => (
              <SchemaField key={f.name} id={idOf(f.name)} f={f} value={values[f.name] ?? initialValue(f)} error={errors[f.name]} onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))} />
            ))}
          </div>
        )
      ) : (
        <SchemaField id={idOf('input')} f={{ name: 'input', kind: 'json', required: true }} value={whole} error={errors.input} onChange={(v) => setWhole(typeof v === 'string' ? v : '')} />
      )}
      <div className="field">
        <button type="submit" className="button primary" disabled={run.isPending} aria-label={t('actions.runLabel', { action: title })}>
          {run.isPending ? t('actions.running') : t('actions.run')}
        </button>
      </div>
      {run.error !== null && <ErrorMessage error={run.error} />}
      {answer &&
        ('confirmation' in answer ? (
          <div className="alert alert-info" role="status" data-testid="action-waiting">
            <p>
              {t('actions.waiting', { action: title, role: roleLabel(t, answer.confirmation.confirm_min_role), at: formatDateTime(answer.confirmation.expires_at, locale) })}{' '}
              <Link to={`/tenants/${encodeURIComponent(tenantId)}/mcp#confirmation-${answer.confirmation.confirmation_id}`}>{t('actions.waitingLink')}</Link>
            </p>
          </div>
        ) : (
          <div className="alert alert-info" role="status" data-testid="action-result">
            <p>{t('actions.done', { action: title })}</p>
            <details open>
              <summary>{t('actions.result')}</summary>
              <pre className="args-json">{JSON.stringify(answer.result, null, 2)}</pre>
            </details>
          </div>
        ))}
      {run.error instanceof ApiError && run.error.status === 400 && Object.keys(errors).length > 0 && <p className="hint">{errorText(t, run.error)}</p>}
    </form>
  );
}

/** What the signed-in person may run in this tenant (the platform's actions and the company's capabilities), with forms. */
export function ActionsPage({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const query = useQuery({
    queryKey: keys.actions(tenantId),
    queryFn: () => apiRequest<{ items: ActionOutput[] }>(forTenant('/api/v1/actions', tenantId)).then((r) => r.items),
  });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <div className="page-header">
        <h1>{t('actions.title')}</h1>
      </div>
      <p className="lead">{t('actions.intro')}</p>
      {query.error !== null && <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />}
      {!query.data ? (
        query.error === null && <Loading label={t('actions.loading')} />
      ) : query.data.length === 0 ? (
        <p className="empty">{t('actions.empty')}</p>
      ) : (
        <ul className="plain-list action-list" data-testid="actions">
          {query.data.map((a) => {
            const title = a.title[lang];
            const shown = open === a.name;
            return (
              <li key={a.name} data-action={a.name} className="card">
                <div className="section-header">
                  <h2 className="action-title">
                    {title} <ToolName name={a.name} />
                  </h2>
                  <span className={`badge ${a.kind === 'write' ? 'badge-trial' : 'badge-active'}`}>{a.kind === 'write' ? t('caps.write') : t('caps.read')}</span>
                  {a.confirm && <span className="badge badge-confirm">{t('actions.confirms')}</span>}
                </div>
                <p className="hint">{a.description}</p>
                <button type="button" className="button secondary" aria-expanded={shown} onClick={() => setOpen(shown ? null : a.name)} aria-label={t(shown ? 'actions.closeLabel' : 'actions.openLabel', { action: title })}>
                  {shown ? t('actions.close') : t('actions.open')}
                </button>
                {shown && <ActionForm tenantId={tenantId} action={a} title={title} />}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
