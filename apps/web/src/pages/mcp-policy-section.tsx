import { useMemo, useState, type ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import * as z from 'zod/mini';
import { apiRequest } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { bodySchema, errorOf, setServerIssues, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { MCP_CALLS_PER_MINUTE, MCP_CONFIRM_ROLES, type McpPolicy, type McpPolicyInput } from '../api/models.ts';
import { ErrorMessage, roleLabel, TableWrap } from '../ui.tsx';
import { ToolName, unknownPolicyNames, type ToolView } from './mcp-tools.tsx';
import { useNumber } from './registry-common.tsx';
import '../messages/caps.es.ts';
import '../messages/mcp.es.ts';

/** The policy form: the body of PUT /api/v1/tenants/:id/mcp/policy; `allow_all` sends `allowed_tools: null` and keeps the list. */
const policySchema = (t: Translate, locale: string) =>
  bodySchema<McpPolicyInput>()(
    z.object({
      allow_all: z.boolean(),
      allowed_tools: z.array(z.string()),
      denied_tools: z.array(z.string()),
      read_only: z.boolean(),
      confirm_writes: z.boolean(),
      confirm_min_role: z.enum(MCP_CONFIRM_ROLES),
      redact_rut: z.boolean(),
      redact_phone: z.boolean(),
      redact_email: z.boolean(),
      calls_per_minute: z.pipe(
        z.string().check(z.trim()),
        z.transform((v) => (/^\d+$/.test(v) ? Number(v) : NaN)),
      ).check(
        z.refine((n: number) => Number.isInteger(n) && n >= MCP_CALLS_PER_MINUTE.min && n <= MCP_CALLS_PER_MINUTE.max, {
          message: t('mcp.errCalls', { min: MCP_CALLS_PER_MINUTE.min, max: MCP_CALLS_PER_MINUTE.max.toLocaleString(locale) }),
        }),
      ),
    }),
    { local: ['allow_all'] },
  );
type PolicyValues = z.input<ReturnType<typeof policySchema>>;

const valuesOf = (p: McpPolicy): PolicyValues => ({
  allow_all: p.allowed_tools === null,
  allowed_tools: p.allowed_tools ?? [],
  denied_tools: p.denied_tools,
  read_only: p.read_only,
  confirm_writes: p.confirm_writes,
  confirm_min_role: p.confirm_min_role,
  redact_rut: p.redact_rut,
  redact_phone: p.redact_phone,
  redact_email: p.redact_email,
  calls_per_minute: String(p.calls_per_minute),
});

const REDACTIONS = [
  ['redact_rut', 'mcp.redactRut'],
  ['redact_phone', 'mcp.redactPhone'],
  ['redact_email', 'mcp.redactEmail'],
] as const;

/** Where each field's error is shown (and focused): the element ids, in the form's order. */
const FIELD_IDS: Record<string, string> = {
  allow_all: 'mcp-allow-all',
  allowed_tools: 'mcp-allow-all',
  denied_tools: 'mcp-tools-fieldset',
  read_only: 'mcp-read-only',
  confirm_writes: 'mcp-confirm-writes',
  confirm_min_role: 'mcp-confirm-role',
  redact_rut: 'mcp-redact_rut',
  redact_phone: 'mcp-redact_phone',
  redact_email: 'mcp-redact_email',
  calls_per_minute: 'mcp-calls',
};

const toggle = (list: string[], name: string, on: boolean): string[] => (on ? [...new Set([...list, name])] : list.filter((n) => n !== name));

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {error}
    </p>
  );
}

/** A labelled switch with a hint, for the policy's on/off settings. */
function Switch(props: { id: string; label: string; hint: string; field: UseFormRegisterReturn; error?: string | undefined }) {
  const { id, error } = props;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label className="switch" htmlFor={id}>
        <input {...props.field} id={id} type="checkbox" role="switch" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} aria-invalid={error ? true : undefined} />
        <span>{props.label}</span>
      </label>
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** The policy as text, for those who may read it but not change it. */
function PolicyFacts({ policy }: { policy: McpPolicy }) {
  const { t } = useI18n();
  const number = useNumber();
  const list = (names: string[], none: string): ReactNode =>
    names.length ? (
      <ul className="chips">
        {names.map((n) => (
          <li key={n} className="chip">
            {n}
          </li>
        ))}
      </ul>
    ) : (
      none
    );
  const yes = (v: boolean) => (v ? t('mcp.yes') : t('mcp.no'));
  const redacted = REDACTIONS.filter(([k]) => policy[k]).map(([, label]) => t(label));
  return (
    <dl className="facts" data-testid="mcp-policy-facts">
      <div>
        <dt>{t('mcp.allowedTools')}</dt>
        <dd>{policy.allowed_tools === null ? t('mcp.allowAll') : list(policy.allowed_tools, t('mcp.noneAllowed'))}</dd>
      </div>
      <div>
        <dt>{t('mcp.deniedTools')}</dt>
        <dd>{list(policy.denied_tools, t('mcp.noneDenied'))}</dd>
      </div>
      <div>
        <dt>{t('mcp.readOnly')}</dt>
        <dd>{yes(policy.read_only)}</dd>
      </div>
      <div>
        <dt>{t('mcp.confirmWrites')}</dt>
        <dd>{yes(policy.confirm_writes)}</dd>
      </div>
      <div>
        <dt>{t('mcp.confirmRole')}</dt>
        <dd>{t('mcp.roleOrAbove', { role: roleLabel(t, policy.confirm_min_role) })}</dd>
      </div>
      <div>
        <dt>{t('mcp.redactTitle')}</dt>
        <dd>{redacted.length ? redacted.join(', ') : t('mcp.redactNone')}</dd>
      </div>
      <div>
        <dt>{t('mcp.calls')}</dt>
        <dd>{number(policy.calls_per_minute)}</dd>
      </div>
    </dl>
  );
}

/** The tenant's AI controls: which tools, writes and their confirmation, redaction, calls per minute. Admins edit. */
export function McpPolicySection(props: { tenantId: string; policy: McpPolicy; tools: ToolView[]; canEdit: boolean; onSaved(policy: McpPolicy): void }) {
  const { t, locale } = useI18n();
  const { policy, tools, canEdit } = props;
  const schema = useMemo(() => policySchema(t, locale), [t, locale]);
  const form = useSchemaForm(schema, valuesOf(policy));
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const draft = form.watch();
  const busy = form.formState.isSubmitting;
  const errors: Record<string, string | undefined> = Object.fromEntries(Object.keys(FIELD_IDS).map((k) => [k, errorOf(form, k as keyof PolicyValues)]));
  const setList = (name: 'allowed_tools' | 'denied_tools', list: string[]) => form.setValue(name, list, { shouldDirty: true });

  const rows: Array<{ name: string; kind: ToolView['kind'] | null }> = [...tools.map((x) => ({ name: x.name, kind: x.kind })), ...unknownPolicyNames(policy, tools).map((name) => ({ name, kind: null }))];

  const save = form.handleSubmit(async ({ allow_all, allowed_tools, ...rest }) => {
    setFailure(null);
    setSaved(false);
    const body: McpPolicyInput = { ...rest, allowed_tools: allow_all ? null : allowed_tools };
    try {
      const out = await apiRequest<McpPolicy>(`/api/v1/tenants/${encodeURIComponent(props.tenantId)}/mcp/policy`, { method: 'PUT', body });
      form.reset(valuesOf(out));
      setSaved(true);
      props.onSaved(out);
    } catch (err) {
      // body.calls_per_minute, body.denied_tools.3: the field is the first part of the path. The lists have no input of
      // their own to focus, so the focus goes to the element each field's error is shown at.
      const first = setServerIssues(form, err, {}, { focus: false });
      if (first) document.getElementById(FIELD_IDS[first]!)?.focus();
      else setFailure(err);
    }
  });

  const toolsError = errors.allowed_tools ?? errors.denied_tools;
  const calls = FIELD_IDS.calls_per_minute!;
  return (
    <section aria-labelledby="mcp-policy-title" className="card">
      <h2 id="mcp-policy-title">{t('mcp.policyTitle')}</h2>
      <p className="hint section-intro">
        {canEdit ? t('mcp.policyIntro') : t('mcp.policyReadOnly')}
        {policy.updated_at && ` ${t('mcp.policyUpdated', { date: formatDateTime(policy.updated_at, locale) })}`}
      </p>
      {!canEdit ? (
        <PolicyFacts policy={policy} />
      ) : (
        <form className="policy-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="mcp-policy-title">
          {failure !== null && <ErrorMessage error={failure} />}
          <fieldset id="mcp-tools-fieldset" tabIndex={-1} className={`field subfields${toolsError ? ' has-error' : ''}`} aria-describedby={toolsError ? 'mcp-tools-error' : undefined}>
            <legend>{t('mcp.toolsLegend')}</legend>
            <div className="checks">
              <label className="check">
                <input id="mcp-allow-all" type="radio" name="mcp-allow" checked={draft.allow_all} onChange={() => form.setValue('allow_all', true, { shouldDirty: true })} />
                {t('mcp.allowAll')}
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="mcp-allow"
                  checked={!draft.allow_all}
                  // Choosing a list starts from every tool there is: untick what the AI must not use.
                  onChange={() => {
                    form.setValue('allow_all', false, { shouldDirty: true });
                    if (draft.allowed_tools.length === 0) setList('allowed_tools', rows.map((r) => r.name));
                  }}
                />
                {t('mcp.allowList')}
              </label>
            </div>
            {!draft.allow_all && draft.allowed_tools.length === 0 && <p className="hint warn">{t('mcp.allowEmpty')}</p>}
            <TableWrap>
              <table className="policy-tools" data-testid="mcp-policy-tools">
                <thead>
                  <tr>
                    <th scope="col">{t('mcp.tool')}</th>
                    {!draft.allow_all && <th scope="col">{t('mcp.allowCol')}</th>}
                    <th scope="col">{t('mcp.denyCol')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.name}>
                      <th scope="row">
                        <ToolName name={r.name} />{' '}
                        <span className="muted small">{r.kind === 'write' ? t('caps.write') : r.kind === 'read' ? t('caps.read') : t('mcp.unknownTool')}</span>
                      </th>
                      {!draft.allow_all && (
                        <td>
                          <input
                            type="checkbox"
                            className="cell-check"
                            aria-label={t('mcp.allowTool', { name: r.name })}
                            checked={draft.allowed_tools.includes(r.name)}
                            onChange={(e) => setList('allowed_tools', toggle(draft.allowed_tools, r.name, e.target.checked))}
                          />
                        </td>
                      )}
                      <td>
                        <input
                          type="checkbox"
                          className="cell-check"
                          aria-label={t('mcp.denyTool', { name: r.name })}
                          checked={draft.denied_tools.includes(r.name)}
                          onChange={(e) => setList('denied_tools', toggle(draft.denied_tools, r.name, e.target.checked))}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <p className="hint">{t('mcp.denyHint')}</p>
            <FieldError id="mcp-tools-error" error={toolsError} />
          </fieldset>

          <fieldset className="field subfields">
            <legend>{t('mcp.writesLegend')}</legend>
            <Switch id="mcp-read-only" label={t('mcp.readOnly')} hint={t('mcp.readOnlyHint')} field={form.register('read_only')} error={errors.read_only} />
            <Switch id="mcp-confirm-writes" label={t('mcp.confirmWrites')} hint={t('mcp.confirmWritesHint')} field={form.register('confirm_writes')} error={errors.confirm_writes} />
            <div className={`field${errors.confirm_min_role ? ' has-error' : ''}`}>
              <label htmlFor="mcp-confirm-role">{t('mcp.confirmRole')}</label>
              <select
                {...form.register('confirm_min_role')}
                id="mcp-confirm-role"
                aria-describedby={`mcp-confirm-role-hint${errors.confirm_min_role ? ' mcp-confirm-role-error' : ''}`}
                aria-invalid={errors.confirm_min_role ? true : undefined}
              >
                {MCP_CONFIRM_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t('mcp.roleOrAbove', { role: roleLabel(t, r) })}
                  </option>
                ))}
              </select>
              <p id="mcp-confirm-role-hint" className="hint">
                {t('mcp.confirmRoleHint')}
              </p>
              <FieldError id="mcp-confirm-role-error" error={errors.confirm_min_role} />
            </div>
          </fieldset>

          <fieldset className="field subfields">
            <legend>{t('mcp.redactTitle')}</legend>
            <p className="hint" id="mcp-redact-hint">
              {t('mcp.redactHint')}
            </p>
            <div className="checks">
              {REDACTIONS.map(([k, label]) => (
                <label key={k} className="check">
                  <input {...form.register(k)} id={FIELD_IDS[k]} type="checkbox" aria-describedby="mcp-redact-hint" />
                  {t(label)}
                </label>
              ))}
            </div>
            {REDACTIONS.map(([k]) => (
              <FieldError key={k} id={`${FIELD_IDS[k]!}-error`} error={errors[k]} />
            ))}
          </fieldset>

          <div className={`field calls-field${errors.calls_per_minute ? ' has-error' : ''}`}>
            <label htmlFor={calls}>{t('mcp.calls')}</label>
            <input
              {...form.register('calls_per_minute')}
              id={calls}
              type="number"
              inputMode="numeric"
              min={MCP_CALLS_PER_MINUTE.min}
              max={MCP_CALLS_PER_MINUTE.max}
              step={1}
              aria-invalid={errors.calls_per_minute ? true : undefined}
              aria-describedby={`${calls}-hint${errors.calls_per_minute ? ` ${calls}-error` : ''}`}
            />
            <p id={`${calls}-hint`} className="hint">
              {t('mcp.callsHint')}
            </p>
            <FieldError id={`${calls}-error`} error={errors.calls_per_minute} />
          </div>

          <div className="actions">
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? t('mcp.saving') : t('mcp.save')}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => {
                form.reset(valuesOf(policy));
                setFailure(null);
                setSaved(false);
              }}
            >
              {t('mcp.discard')}
            </button>
            <span role="status" className="saved">
              {saved && !form.formState.isDirty ? t('mcp.saved') : ''}
            </span>
          </div>
        </form>
      )}
    </section>
  );
}
