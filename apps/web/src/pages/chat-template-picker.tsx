import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError, data, sessionFetch, tenantParam, type ApiErrorCode } from '../api.ts';
import type { ChatMessage } from '../api/models.ts';
import { addMessage } from '../chat-stream.ts';
import { hasMessage, useI18n } from '../i18n.tsx';
import { errorText, ErrorMessage, Loading } from '../ui.tsx';

/** Why a send was refused, beside the form that sent it. */
function SendError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {errorText(t, error)}
    </p>
  );
}

/** The placeholders of a template's body in order ({{1}}, {{2}}… or named ones), as the server counts them. */
const placeholdersOf = (body: string | null): string[] => [...new Set([...(body ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!))];

/** The body with the parameters written so far (an empty one stays as its placeholder). */
function preview(body: string, names: string[], values: string[]): string {
  const positional = names.every((n) => /^\d+$/.test(n));
  return body.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => values[positional ? Number(name) - 1 : names.indexOf(name)]?.trim() || whole);
}

/**
 * Outside WhatsApp's 24-hour window, what can be sent: one of the inbox's approved templates, its body's parameters
 * filled in a form with the message previewed as the customer will read it. Keyboard: a select, one field per
 * parameter, Enter sends.
 */
export function TemplatePicker({ tenantId, conversationId, inboxId }: { tenantId: string; conversationId: string; inboxId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const templates = useQuery({
    queryKey: ['chat', tenantId, 'templates', inboxId],
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/inboxes/{inbox_id}/templates', { params: { path: { inbox_id: inboxId }, ...tenantParam(tenantId) }, signal })).then((r) => r.items),
    staleTime: 60_000,
  });
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const template = templates.data?.find((x) => `${x.name}|${x.language}` === chosen);
  const count = template?.parameter_count ?? 0;
  const names = template ? (template.parameter_names ?? Array.from({ length: count }, (_, i) => String(i + 1))) : [];
  useEffect(() => setValues(Array.from({ length: count }, () => '')), [chosen, count]);
  const send = useMutation({
    mutationFn: (template: { name: string; language: string; parameters: string[] }) =>
      data(api.POST('/api/v1/chat/conversations/{conversation_id}/template-messages', { params: { path: { conversation_id: conversationId }, ...tenantParam(tenantId) }, body: { template } })),
    onSuccess: (m) => {
      addMessage(queryClient, tenantId, conversationId, m);
      setChosen('');
    },
  });

  if (templates.error !== null) return <ErrorMessage error={templates.error} onRetry={() => void templates.refetch()} />;
  if (!templates.data) return <Loading label={t('chat.template.loading')} />;
  if (templates.data.length === 0) return <p className="muted" data-testid="template-none">{t('chat.template.none')}</p>;
  const complete = template !== undefined && values.length === count && values.every((v) => v.trim() !== '');

  return (
    <form
      className="chat-template"
      data-testid="template-picker"
      aria-label={t('chat.template.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!template || !complete || send.isPending) return;
        send.mutate({ name: template.name, language: template.language, parameters: values.map((v) => v.trim()) });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-template`}>{t('chat.template.choose')}</label>
        <select id={`${id}-template`} value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="template-select">
        <option value="">{t('chat.template.placeholder')}</option>
        {templates.data.map((x) => (
          <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`} disabled={!x.sendable}>
            {x.name} · {x.language}
            {x.sendable ? '' : ` (${t('chat.template.notSendable')})`}
          </option>
        ))}
        </select>
      </div>
      {template && (
        <>
          {names.map((name, i) => (
            <div className="field" key={`${chosen}-${name}`}>
              <label htmlFor={`${id}-p${i}`}>{t('chat.template.parameter', { name: `{{${name}}}` })}</label>
              <input
                id={`${id}-p${i}`}
                data-testid="template-parameter"
                required
                maxLength={1024}
                value={values[i] ?? ''}
                onChange={(e) => setValues((old) => old.map((v, j) => (j === i ? e.target.value : v)))}
              />
            </div>
          ))}
          <p className="muted small" id={`${id}-preview-label`}>
            {t('chat.template.preview')}
          </p>
          <output className="chat-template-preview" aria-labelledby={`${id}-preview-label`} aria-live="polite" data-testid="template-preview">
            {template.header && <strong>{template.header}</strong>}
            <span>{preview(template.body ?? '', placeholdersOf(template.body), values)}</span>
            {template.footer && <small className="muted">{template.footer}</small>}
          </output>
          <button type="submit" className="button primary" disabled={!complete || send.isPending}>
            {t('chat.template.send')}
          </button>
        </>
      )}
      <SendError error={send.error} />
    </form>
  );
}

type Attachment = { id: string; status: 'stored' | 'failed'; error_code: string | null; byte_size: number | null };
const attachmentOf = (m: ChatMessage): Attachment | null => {
  const a = (m.payload as { attachment?: Attachment }).attachment;
  return a && typeof a.id === 'string' ? a : null;
};
const MEDIA = new Set(['image', 'sticker', 'audio', 'video', 'document']);
/** A customer's file on WhatsApp: its attachment is shown instead of a «not shown yet» line. */
export const isMediaMessage = (m: ChatMessage): boolean => MEDIA.has(m.content_type);

/**
 * Within WhatsApp's window, a file for the customer (a photo, a PDF…): chosen with a native file input (keyboard and
 * phone friendly), an optional caption, sent as its raw bytes; the server uploads it to WhatsApp and queues it.
 */
export function ChatFileSend({ tenantId, conversationId }: { tenantId: string; conversationId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const send = useMutation({
    mutationFn: async (f: File) => {
      const query = new URLSearchParams({ tenant_id: tenantId, filename: f.name, ...(caption.trim() ? { caption: caption.trim() } : {}) });
      const res = await sessionFetch(`/api/v1/chat/conversations/${conversationId}/attachments?${query.toString()}`, { method: 'POST', headers: { 'content-type': f.type || 'application/octet-stream' }, body: f });
      const body = (await res.json().catch(() => ({}))) as ChatMessage | { error?: { code: ApiErrorCode; message: string } };
      if (!res.ok) {
        const e = 'error' in body ? body.error : undefined;
        throw new ApiError(res.status, e?.code ?? 'internal', e?.message ?? String(res.status));
      }
      return body as ChatMessage;
    },
    onSuccess: (m) => {
      addMessage(queryClient, tenantId, conversationId, m);
      setFile(null);
      setCaption('');
      if (input.current) input.current.value = '';
    },
  });
  return (
    <form
      className="chat-file"
      aria-label={t('chat.file.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (file && !send.isPending) send.mutate(file);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('chat.file.choose')}</label>
        <input id={`${id}-file`} ref={input} type="file" data-testid="file-input" accept="image/jpeg,image/png,application/pdf,audio/*,video/mp4,video/3gpp,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      {file && (
        <>
          <div className="field">
            <label htmlFor={`${id}-caption`}>{t('chat.file.caption')}</label>
            <input id={`${id}-caption`} maxLength={1024} value={caption} onChange={(e) => setCaption(e.target.value)} />
          </div>
          <button type="submit" className="button secondary" disabled={send.isPending}>
            {t('chat.file.send', { name: file.name })}
          </button>
        </>
      )}
      <SendError error={send.error} />
    </form>
  );
}

/**
 * A customer's file under its message: an image or sticker shown in the page, anything else a download link; read
 * with the session's bearer (an <img> cannot send it), so the file never sits behind a guessable public address.
 */
export function ChatAttachment({ tenantId, m }: { tenantId: string; m: ChatMessage }) {
  const { t } = useI18n();
  const attachment = attachmentOf(m);
  const file = useQuery({
    queryKey: ['chat', tenantId, 'attachment', attachment?.id],
    enabled: attachment?.status === 'stored',
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const res = await sessionFetch(`/api/v1/chat/attachments/${attachment!.id}?tenant_id=${encodeURIComponent(tenantId)}`, { signal });
      if (!res.ok) throw new Error(String(res.status));
      const disposition = res.headers.get('content-disposition') ?? '';
      const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      return { url: URL.createObjectURL(await res.blob()), name: name ? decodeURIComponent(name) : 'archivo' };
    },
  });
  useEffect(() => {
    const url = file.data?.url;
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.data?.url]);
  if (!MEDIA.has(m.content_type)) return null;
  if (!attachment) return <p className="muted small" data-testid="attachment-pending">{t('chat.media.pending')}</p>;
  if (attachment.status === 'failed') {
    const key = `chat.media.${attachment.error_code ?? 'failed'}`;
    return (
      <p className="msg-error" data-testid="attachment-failed">
        {hasMessage(key) ? t(key) : t('chat.media.failed')}
      </p>
    );
  }
  if (file.error) return <p className="msg-error">{t('chat.media.failed')}</p>;
  if (!file.data) return <p className="muted small">{t('chat.media.loading')}</p>;
  if (m.content_type === 'image' || m.content_type === 'sticker') {
    return <img className="msg-image" src={file.data.url} alt={m.content ?? t(`chat.media.alt.${m.content_type}`)} data-testid="attachment-image" />;
  }
  return (
    <a className="button link" href={file.data.url} download={file.data.name} data-testid="attachment-link">
      {t('chat.media.download', { name: file.data.name })}
    </a>
  );
}
