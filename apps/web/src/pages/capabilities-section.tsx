import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, data } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import type { CapabilityOutput } from '../api/models.ts';
import { capabilitiesQuery, invalidate, keys, optimistic } from '../queries.ts';
import { ErrorMessage, Loading, errorText, TableWrap } from '../ui.tsx';
import { exampleOf, MethodBadge, useNumber } from './registry-common.tsx';
import { Toggle } from './registry-forms.tsx';
import '../messages/caps.es.ts';
import '../messages/registry.es.ts';

/** The path and tenant of one capability's routes. */
const capParams = (tenantId: string, name: string) => ({ path: { name }, query: { tenant_id: tenantId } });

/** Calls a capability through the gateway with a JSON input and shows the upstream's answer (or the error). */
function TryPanel({ tenantId, capability, onClose }: { tenantId: string; capability: CapabilityOutput; onClose(): void }) {
  const { t } = useI18n();
  const confirm = useConfirm();
  const number = useNumber();
  const name = capability.capability_name;
  const [input, setInput] = useState(() => JSON.stringify(exampleOf(capability.schema_in) ?? {}, null, 2));
  const [inputError, setInputError] = useState<string | undefined>(undefined);
  const queryClient = useQueryClient();
  // A call is a new row of the request log.
  const call = useMutation({
    mutationFn: (body: Record<string, unknown>) => data(api.POST('/api/v1/capabilities/{name}/invoke', { params: capParams(tenantId, name), body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.gateway(tenantId) }),
  });
  const result = call.data ?? null;
  const failure = call.error;
  const busy = call.isPending;
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  async function invoke(event: FormEvent) {
    event.preventDefault();
    let body: unknown;
    try {
      body = input.trim() ? JSON.parse(input) : {};
    } catch {
      setInputError(t('caps.jsonInvalid'));
      ref.current?.focus();
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      setInputError(t('caps.jsonObject'));
      ref.current?.focus();
      return;
    }
    if (capability.requires_confirmation && !(await confirm({ message: t('caps.confirmCall', { name }) }))) return;
    setInputError(undefined);
    call.mutate(body as Record<string, unknown>);
  }

  const id = `try-${name.replace(/[^a-z0-9]/g, '-')}`;
  const upstreamStatus = failure instanceof ApiError && typeof failure.details.status === 'number' ? failure.details.status : null;
  return (
    <section className="card try" aria-labelledby={`${id}-title`} data-testid="try-panel">
      <div className="page-header">
        <h3 id={`${id}-title`}>{t('caps.tryTitle', { name })}</h3>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('caps.close')}
        </button>
      </div>
      <p className="hint">
        <MethodBadge method={capability.endpoint.method} /> <code>{capability.endpoint.path}</code> · {capability.provider.name}
      </p>
      <form onSubmit={invoke} noValidate>
        <div className={`field${inputError ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-input`}>{t('caps.input')}</label>
          <textarea
            id={`${id}-input`}
            ref={ref}
            className="code"
            rows={Math.min(14, Math.max(4, input.split('\n').length + 1))}
            spellCheck={false}
            value={input}
            aria-invalid={inputError ? true : undefined}
            aria-describedby={`${id}-hint${inputError ? ` ${id}-error` : ''}`}
            onChange={(e) => setInput(e.target.value)}
          />
          <p id={`${id}-hint`} className="hint">
            {t('caps.inputHint')}
          </p>
          {inputError && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {inputError}
            </p>
          )}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('caps.calling') : t('caps.call')}
        </button>
      </form>
      <div aria-live="polite" data-testid="try-result">
        {result && (
          <div className="result">
            <p>
              <span className={`badge ${result.status < 400 ? 'badge-active' : 'badge-suspended'}`}>{t('caps.status', { status: result.status })}</span>{' '}
              <span className="muted">{t('caps.duration', { ms: number(result.duration_ms, 1) })}</span>
            </p>
            <pre className="json" tabIndex={0} aria-label={t('caps.answer')}>
              {typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2)}
            </pre>
          </div>
        )}
        {failure !== null &&
          (failure instanceof ApiError && failure.status !== 0 && failure.status !== 401 ? (
            <div className="alert alert-error" role="alert">
              <p>{errorText(t, failure)}</p>
              {upstreamStatus !== null && <p>{t('caps.upstreamStatus', { status: upstreamStatus })}</p>}
              {failure.issues.length > 0 && (
                <ul className="issues">
                  {failure.issues.map((i, n) => (
                    <li key={n}>
                      <code>{i.path.replace(/^body\.?/, '') || '/'}</code> {i.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <ErrorMessage error={failure} />
          ))}
      </div>
    </section>
  );
}

/** The tenant's capabilities (optionally one provider's): kind, confirmation, rate limit, on/off, and a panel to try one. */
export function CapabilitiesSection({ tenantId, providerId, filter = '', rights }: { tenantId: string; providerId?: string; filter?: string; rights: { manage: boolean; callWrite: boolean } }) {
  const { t } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const needle = filter.trim().toLowerCase();
  // One cache entry for every capability of the tenant; a provider's page shows its own, a search the matching ones.
  const query = useQuery({
    ...capabilitiesQuery(tenantId),
    select: (all) =>
      all.filter(
        (c) =>
          (!providerId || c.provider.id === providerId) &&
          (!needle || [c.capability_name, c.description ?? '', c.provider.name].some((text) => text.toLowerCase().includes(needle))),
      ),
  });
  const items = query.data ?? null;
  const [trying, setTrying] = useState<string | null>(null);

  // The actions catalog and the AI page's tools are built from the capabilities too.
  const settled = (...changed: QueryKey[]) => invalidate(queryClient, ...changed, keys.actions(tenantId));
  // On and off at once; refused, the switch goes back and says why.
  const toggle = useMutation({
    mutationFn: ({ name, enabled }: { name: string; enabled: boolean }) => data(api.PATCH('/api/v1/capabilities/{name}', { params: capParams(tenantId, name), body: { enabled } })),
    onMutate: async ({ name, enabled }) => {
      remove.reset();
      return { rollback: await optimistic<CapabilityOutput[]>(queryClient, keys.capabilities(tenantId), (all) => all.map((c) => (c.capability_name === name ? { ...c, enabled } : c))) };
    },
    onError: (_err, _vars, context) => context?.rollback(),
    onSettled: () => settled(keys.capabilities(tenantId)),
  });
  // A capability removed changes its endpoint's chips and its provider's count too.
  const remove = useMutation({
    mutationFn: (name: string) => data(api.DELETE('/api/v1/capabilities/{name}', { params: capParams(tenantId, name) })),
    onMutate: () => toggle.reset(),
    onSettled: () => settled(keys.registry(tenantId)),
  });
  const failure = toggle.error ?? remove.error;
  const busy = toggle.isPending ? toggle.variables.name : remove.isPending ? remove.variables : null;

  const tryCap = items?.find((c) => c.capability_name === trying) ?? null;
  return (
    <section aria-labelledby="caps-title" className="card">
      <h2 id="caps-title">{t('caps.title')}</h2>
      <p className="hint">{t('caps.intro')}</p>
      {failure !== null && <ErrorMessage error={failure} />}
      {query.error !== null && !items ? (
        <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
      ) : !items ? (
        <Loading label={t('caps.loading')} />
      ) : items.length === 0 ? (
        <p className="empty">{needle ? t('registry.noMatch', { q: filter.trim() }) : providerId ? t('caps.emptyProvider') : t('caps.empty')}</p>
      ) : (
        <TableWrap>
          <table className="data-table" data-testid="capabilities">
            <thead>
              <tr>
                <th scope="col">{t('caps.name')}</th>
                {!providerId && <th scope="col">{t('caps.api')}</th>}
                <th scope="col">{t('caps.kind')}</th>
                <th scope="col">{t('caps.confirmation')}</th>
                <th scope="col">{t('caps.rateLimit')}</th>
                <th scope="col">{t('caps.enabled')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('caps.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const name = c.capability_name;
                const callable = c.enabled && (c.kind === 'read' || rights.callWrite);
                return (
                  <tr key={c.id} data-capability={name}>
                    <th scope="row">
                      <code>{name}</code>
                      {c.description && <div className="muted small">{c.description}</div>}
                    </th>
                    {!providerId && (
                      <td>
                        {c.provider.name}
                        <div className="small">
                          <MethodBadge method={c.endpoint.method} /> <code>{c.endpoint.path}</code>
                        </div>
                      </td>
                    )}
                    <td>
                      <span className={`badge ${c.kind === 'write' ? 'badge-trial' : ''}`}>{c.kind === 'write' ? t('caps.write') : t('caps.read')}</span>
                    </td>
                    <td>{c.requires_confirmation ? t('caps.yes') : t('caps.no')}</td>
                    <td className="nowrap">{c.rate_limit_per_minute ? t('caps.perMinute', { n: c.rate_limit_per_minute }) : <span className="muted">{t('caps.defaultLimit')}</span>}</td>
                    <td>
                      <Toggle
                        on={c.enabled}
                        canChange={rights.manage}
                        busy={busy === name}
                        label={t('caps.enabledLabel', { name })}
                        onToggle={(enabled) => toggle.mutate({ name, enabled })}
                      />
                    </td>
                    <td>
                      <span className="row-actions">
                        {callable && (
                          <button type="button" className="button secondary" aria-label={t('caps.tryLabel', { name })} aria-expanded={trying === name} onClick={() => setTrying(trying === name ? null : name)}>
                            {t('caps.try')}
                          </button>
                        )}
                        {rights.manage && (
                          <button
                            type="button"
                            className="button secondary danger"
                            disabled={busy === name}
                            aria-label={t('caps.deleteLabel', { name })}
                            onClick={async () => {
                              if (!(await confirm({ message: t('caps.deleteConfirm', { name }), destructive: true }))) return;
                              if (trying === name) setTrying(null);
                              remove.mutate(name);
                            }}
                          >
                            {t('caps.delete')}
                          </button>
                        )}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {tryCap && (
        <TryPanel
          key={tryCap.capability_name}
          tenantId={tenantId}
          capability={tryCap}
          onClose={() => {
            setTrying(null);
            // Back to the button that opened the panel.
            requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`tr[data-capability="${CSS.escape(tryCap.capability_name)}"] button`)?.focus());
          }}
        />
      )}
    </section>
  );
}
