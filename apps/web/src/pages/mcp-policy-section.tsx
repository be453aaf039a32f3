import { useState, type FormEvent, type ReactNode } from 'react';
import { apiRequest, issuesByPath } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { MCP_CALLS_PER_MINUTE, MCP_CONFIRM_ROLES, type McpConfirmRole, type McpPolicy, type McpPolicyInput } from '../api/models.ts';
import { ErrorMessage, roleLabel, TableWrap } from '../ui.tsx';
import { ToolName, unknownPolicyNames, type ToolView } from './mcp-tools.tsx';
import { useNumber } from './registry-common.tsx';

interface Draft {
  allowAll: boolean;
  allowed: string[];
  denied: string[];
  read_only: boolean;
  confirm_writes: boolean;
  confirm_min_role: McpConfirmRole;
  redact_rut: boolean;
  redact_phone: boolean;
  redact_email: boolean;
  calls: string;
}

const draftOf = (p: McpPolicy): Draft => ({
  allowAll: p.allowed_tools === null,
  allowed: p.allowed_tools ?? [],
  denied: p.denied_tools,
  read_only: p.read_only,
  confirm_writes: p.confirm_writes,
  confirm_min_role: p.confirm_min_role,
  redact_rut: p.redact_rut,
  redact_phone: p.redact_phone,
  redact_email: p.redact_email,
  calls: String(p.calls_per_minute),
});

const REDACTIONS = [
  ['redact_rut', 'mcp.redactRut'],
  ['redact_phone', 'mcp.redactPhone'],
  ['redact_email', 'mcp.redactEmail'],
] as const;

/** Where each field's error is shown (and focused): the element ids, in the form's order. */
const FIELD_IDS: Record<string, string> = {
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
function Switch(props: { id: string; label: string; hint: string; checked: boolean; onChange(v: boolean): void; error?: string | undefined }) {
  const { id, error } = props;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label className="switch" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={props.checked}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => props.onChange(e.target.checked)}
        />
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
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const rows: Array<{ name: string; kind: ToolView['kind'] | null }> = [...tools.map((x) => ({ name: x.name, kind: x.kind })), ...unknownPolicyNames(policy, tools).map((name) => ({ name, kind: null }))];

  const focusFirst = (errs: Record<string, string>) => {
    const first = Object.keys(FIELD_IDS).find((k) => errs[k]);
    if (first) document.getElementById(FIELD_IDS[first]!)?.focus();
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setSaved(false);
    const errs: Record<string, string> = {};
    const calls = Number(draft.calls.trim());
    if (!/^\d+$/.test(draft.calls.trim()) || calls < MCP_CALLS_PER_MINUTE.min || calls > MCP_CALLS_PER_MINUTE.max) {
      errs.calls_per_minute = t('mcp.errCalls', { min: MCP_CALLS_PER_MINUTE.min, max: MCP_CALLS_PER_MINUTE.max.toLocaleString(locale) });
    }
    setErrors(errs);
    if (Object.keys(errs).length) return focusFirst(errs);
    const body: McpPolicyInput = {
      allowed_tools: draft.allowAll ? null : draft.allowed,
      denied_tools: draft.denied,
      read_only: draft.read_only,
      confirm_writes: draft.confirm_writes,
      confirm_min_role: draft.confirm_min_role,
      redact_rut: draft.redact_rut,
      redact_phone: draft.redact_phone,
      redact_email: draft.redact_email,
      calls_per_minute: calls,
    };
    setBusy(true);
    try {
      const out = await apiRequest<McpPolicy>(`/api/v1/tenants/${encodeURIComponent(props.tenantId)}/mcp/policy`, { method: 'PUT', body });
      setDraft(draftOf(out));
      setSaved(true);
      props.onSaved(out);
    } catch (err) {
      // body.calls_per_minute, body.denied_tools.3: the field is the first part of the path.
      const byField: Record<string, string> = {};
      for (const [path, message] of Object.entries(issuesByPath(err))) {
        const field = path.split('.')[0]!;
        if (field in FIELD_IDS) byField[field] ??= message;
      }
      if (Object.keys(byField).length) {
        setErrors(byField);
        focusFirst(byField);
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

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
        <form className="policy-form" onSubmit={save} noValidate aria-labelledby="mcp-policy-title">
          {failure !== null && <ErrorMessage error={failure} />}
          <fieldset id="mcp-tools-fieldset" tabIndex={-1} className={`field subfields${toolsError ? ' has-error' : ''}`} aria-describedby={toolsError ? 'mcp-tools-error' : undefined}>
            <legend>{t('mcp.toolsLegend')}</legend>
            <div className="checks">
              <label className="check">
                <input id="mcp-allow-all" type="radio" name="mcp-allow" checked={draft.allowAll} onChange={() => set({ allowAll: true })} />
                {t('mcp.allowAll')}
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="mcp-allow"
                  checked={!draft.allowAll}
                  // Choosing a list starts from every tool there is: untick what the AI must not use.
                  onChange={() => set({ allowAll: false, allowed: draft.allowed.length ? draft.allowed : rows.map((r) => r.name) })}
                />
                {t('mcp.allowList')}
              </label>
            </div>
            {!draft.allowAll && draft.allowed.length === 0 && <p className="hint warn">{t('mcp.allowEmpty')}</p>}
            <TableWrap>
              <table className="policy-tools" data-testid="mcp-policy-tools">
                <thead>
                  <tr>
                    <th scope="col">{t('mcp.tool')}</th>
                    {!draft.allowAll && <th scope="col">{t('mcp.allowCol')}</th>}
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
                      {!draft.allowAll && (
                        <td>
                          <input
                            type="checkbox"
                            className="cell-check"
                            aria-label={t('mcp.allowTool', { name: r.name })}
                            checked={draft.allowed.includes(r.name)}
                            onChange={(e) => set({ allowed: toggle(draft.allowed, r.name, e.target.checked) })}
                          />
                        </td>
                      )}
                      <td>
                        <input
                          type="checkbox"
                          className="cell-check"
                          aria-label={t('mcp.denyTool', { name: r.name })}
                          checked={draft.denied.includes(r.name)}
                          onChange={(e) => set({ denied: toggle(draft.denied, r.name, e.target.checked) })}
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
            <Switch id="mcp-read-only" label={t('mcp.readOnly')} hint={t('mcp.readOnlyHint')} checked={draft.read_only} onChange={(v) => set({ read_only: v })} error={errors.read_only} />
            <Switch id="mcp-confirm-writes" label={t('mcp.confirmWrites')} hint={t('mcp.confirmWritesHint')} checked={draft.confirm_writes} onChange={(v) => set({ confirm_writes: v })} error={errors.confirm_writes} />
            <div className={`field${errors.confirm_min_role ? ' has-error' : ''}`}>
              <label htmlFor="mcp-confirm-role">{t('mcp.confirmRole')}</label>
              <select
                id="mcp-confirm-role"
                value={draft.confirm_min_role}
                aria-describedby={`mcp-confirm-role-hint${errors.confirm_min_role ? ' mcp-confirm-role-error' : ''}`}
                aria-invalid={errors.confirm_min_role ? true : undefined}
                onChange={(e) => set({ confirm_min_role: e.target.value as McpConfirmRole })}
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
                  <input id={FIELD_IDS[k]} type="checkbox" checked={draft[k]} aria-describedby="mcp-redact-hint" onChange={(e) => set({ [k]: e.target.checked } as Partial<Draft>)} />
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
              id={calls}
              type="number"
              inputMode="numeric"
              min={MCP_CALLS_PER_MINUTE.min}
              max={MCP_CALLS_PER_MINUTE.max}
              step={1}
              value={draft.calls}
              aria-invalid={errors.calls_per_minute ? true : undefined}
              aria-describedby={`${calls}-hint${errors.calls_per_minute ? ` ${calls}-error` : ''}`}
              onChange={(e) => set({ calls: e.target.value })}
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
                setDraft(draftOf(policy));
                setErrors({});
                setFailure(null);
                setSaved(false);
              }}
            >
              {t('mcp.discard')}
            </button>
            <span role="status" className="saved">
              {saved ? t('mcp.saved') : ''}
            </span>
          </div>
        </form>
      )}
    </section>
  );
}
