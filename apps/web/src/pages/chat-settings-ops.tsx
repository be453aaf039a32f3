import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { api, ApiError, data, tenantParam } from '../api.ts';
import type { ChatInbox } from '../api/models.ts';
import { bodySchema, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { keys } from '../queries.ts';
import { errorText, ErrorMessage, Loading } from '../ui.tsx';
import { labelsQuery } from './chat-inbox-ops.tsx';

/** The inbox settings an admin keeps beside the channels: CSAT per inbox, the labels, the canned replies. */

/** The CSAT survey on resolve, on or off for one inbox. */
export function CsatSwitch({ tenantId, inbox }: { tenantId: string; inbox: ChatInbox }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // The switch moves at once; a refusal puts it back (and says why).
  const [on, setOn] = useState(inbox.csat_enabled);
  useEffect(() => setOn(inbox.csat_enabled), [inbox.csat_enabled]);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => data(api.PATCH('/api/v1/chat/inboxes/{inbox_id}', { params: { path: { inbox_id: inbox.id }, ...tenantParam(tenantId) }, body: { csat: { enabled } } })),
    onMutate: (enabled) => setOn(enabled),
    onError: () => setOn(inbox.csat_enabled),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.chatInboxes(tenantId) }),
  });
  return (
    <div className="field">
      <label className="switch">
        <input type="checkbox" role="switch" checked={on} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} aria-describedby={`csat-hint-${inbox.id}`} />
        {t('chat.settings.csat')}
      </label>
      <p id={`csat-hint-${inbox.id}`} className="hint">
        {t('chat.settings.csatHint')}
      </p>
      {toggle.error && (
        <p className="field-error" role="alert">
          {errorText(t, toggle.error)}
        </p>
      )}
    </div>
  );
}

const labelSchema = (t: Translate) =>
  bodySchema<{ name: string; color: string }>()(
    z.object({
      name: z.string().check(z.trim(), z.minLength(1, t('chat.settings.labelName')), z.maxLength(50, t('chat.settings.labelName'))),
      color: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, t('chat.settings.labelColor'))),
    }),
  );

export function LabelsSettings({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const labels = useQuery(labelsQuery(tenantId));
  const schema = useMemo(() => labelSchema(t), [t]);
  const form = useSchemaForm(schema, { name: '', color: '#2563eb' });
  const [failure, setFailure] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.chat(tenantId) });
  const remove = useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/chat/labels/{label_id}', { params: { path: { label_id: id }, ...tenantParam(tenantId) } })),
    onSuccess: refresh,
    onError: setFailure,
  });
  const submit = form.handleSubmit(async (v) => {
    setFailure(null);
    try {
      await data(api.POST('/api/v1/chat/labels', { params: tenantParam(tenantId), body: v }));
      form.reset({ name: '', color: v.color });
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_exists') return form.setError('name', { type: 'server', message: t('chat.settings.labelTaken') }, { shouldFocus: true });
      if (!setServerIssues(form, err)) setFailure(err);
    }
  });
  return (
    <section className="card" aria-labelledby="chat-labels-title" data-testid="labels-settings">
      <h2 id="chat-labels-title">{t('chat.settings.labels')}</h2>
      {failure !== null && <ErrorMessage error={failure} />}
      {!labels.data ? (
        <Loading label={t('chat.settings.loading')} />
      ) : labels.data.length === 0 ? (
        <p className="empty">{t('chat.settings.noLabels')}</p>
      ) : (
        <ul className="plain-list settings-rows">
          {labels.data.map((l) => (
            <li key={l.id}>
              <span className="label-chip" style={{ borderColor: l.color }}>
                <span className="label-dot" style={{ background: l.color }} aria-hidden="true" />
                {l.name}
              </span>{' '}
              <span className="muted small">{t('chat.settings.labelUses', { n: l.conversations })}</span>{' '}
              <button type="button" className="button link" disabled={remove.isPending} onClick={() => remove.mutate(l.id)} aria-label={t('chat.settings.deleteLabel', { name: l.name })}>
                {t('chat.settings.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form inline-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('chat.settings.newLabel')}>
        <TextField form={form} name="name" id="label-name" label={t('chat.settings.labelNameLabel')} autoComplete="off" />
        <div className="field">
          <label htmlFor="label-color">{t('chat.settings.labelColorLabel')}</label>
          <input id="label-color" type="color" {...form.register('color')} />
        </div>
        <button type="submit" className="button secondary" disabled={form.formState.isSubmitting}>
          {t('chat.settings.addLabel')}
        </button>
      </form>
    </section>
  );
}

const cannedSchema = (t: Translate) =>
  bodySchema<{ short_code: string; content: string }>()(
    z.object({
      short_code: z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, t('chat.settings.cannedCode'))),
      content: z.string().check(z.trim(), z.minLength(1, t('chat.settings.cannedContent')), z.maxLength(4096)),
    }),
  );

export function CannedSettings({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const canned = useQuery({
    queryKey: keys.cannedResponses(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/canned-responses', { params: tenantParam(tenantId), signal })).then((r) => r.items),
  });
  const schema = useMemo(() => cannedSchema(t), [t]);
  const form = useSchemaForm(schema, { short_code: '', content: '' });
  const [failure, setFailure] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.cannedResponses(tenantId) });
  const remove = useMutation({
    mutationFn: (id: string) => data(api.DELETE('/api/v1/chat/canned-responses/{canned_response_id}', { params: { path: { canned_response_id: id }, ...tenantParam(tenantId) } })),
    onSuccess: refresh,
    onError: setFailure,
  });
  const submit = form.handleSubmit(async (v) => {
    setFailure(null);
    try {
      await data(api.POST('/api/v1/chat/canned-responses', { params: tenantParam(tenantId), body: v }));
      form.reset({ short_code: '', content: '' });
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_exists') return form.setError('short_code', { type: 'server', message: t('chat.settings.cannedTaken') }, { shouldFocus: true });
      if (!setServerIssues(form, err)) setFailure(err);
    }
  });
  return (
    <section className="card" aria-labelledby="chat-canned-title" data-testid="canned-settings">
      <h2 id="chat-canned-title">{t('chat.settings.canned')}</h2>
      <p className="hint">{t('chat.settings.cannedIntro')}</p>
      {failure !== null && <ErrorMessage error={failure} />}
      {!canned.data ? (
        <Loading label={t('chat.settings.loading')} />
      ) : canned.data.length === 0 ? (
        <p className="empty">{t('chat.settings.noCanned')}</p>
      ) : (
        <ul className="plain-list settings-rows">
          {canned.data.map((c) => (
            <li key={c.id}>
              <strong>/{c.short_code}</strong> <span className="muted">{c.content}</span>{' '}
              <button type="button" className="button link" disabled={remove.isPending} onClick={() => remove.mutate(c.id)} aria-label={t('chat.settings.deleteCanned', { code: c.short_code })}>
                {t('chat.settings.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('chat.settings.newCanned')}>
        <TextField form={form} name="short_code" id="canned-code" label={t('chat.settings.cannedCodeLabel')} hint={t('chat.settings.cannedCodeHint')} autoComplete="off" />
        <TextField form={form} name="content" id="canned-content" label={t('chat.settings.cannedContentLabel')} autoComplete="off" />
        <button type="submit" className="button secondary" disabled={form.formState.isSubmitting}>
          {t('chat.settings.addCanned')}
        </button>
      </form>
    </section>
  );
}
