import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { api, ApiError, data, tenantParam } from '../api.ts';
import type { ChatInbox, CreateWhatsAppInboxBody } from '../api/models.ts';
import { bodySchema, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { chatInboxesQuery, keys } from '../queries.ts';
import { ErrorMessage, Link, Loading } from '../ui.tsx';
import { CannedSettings, CsatSwitch, LabelsSettings } from './chat-settings-ops.tsx';
import '../messages/chat.es.ts';
import './chat.css';

/** The secrets each channel's inbox holds (shown as set or missing, never their values). */
const SECRETS = {
  whatsapp: ['access_token', 'app_secret', 'verify_token'],
  telegram: ['bot_token', 'webhook_secret'],
  web: ['identity_secret'],
  api: ['signing_secret'],
  chatwoot: [],
} as const;
const DIGITS = /^\d{5,32}$/;

/** The form: the inbox's name and its WhatsApp config, flat (the body nests the config); secrets are typed, never read back. */
const connectSchema = (t: Translate) => {
  const secret = z.string().check(z.trim(), z.minLength(8, t('chat.settings.secretLength')), z.maxLength(1000));
  return bodySchema<CreateWhatsAppInboxBody['config'] & Pick<CreateWhatsAppInboxBody, 'name'>>()(
    z.object({
      name: z.string().check(z.trim(), z.minLength(1, t('chat.settings.needName')), z.maxLength(100)),
      phone_number_id: z.string().check(z.trim(), z.regex(DIGITS, t('chat.settings.digits'))),
      waba_id: z.string().check(
        z.trim(),
        z.refine((v) => v === '' || DIGITS.test(v), t('chat.settings.digits')),
      ),
      display_phone_number: z.string().check(z.trim(), z.maxLength(32, t('chat.settings.phoneLength'))),
      access_token: secret,
      app_secret: secret,
      verify_token: secret,
    }),
  );
};

type ConnectValues = z.output<ReturnType<typeof connectSchema>>;
const EMPTY: ConnectValues = { name: 'WhatsApp', phone_number_id: '', waba_id: '', display_phone_number: '', access_token: '', app_secret: '', verify_token: '' };

function CopyUrl({ url, name }: { url: string; name: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  return (
    <div className="copy-row">
      <code data-testid="webhook-url">{url}</code>
      <button
        type="button"
        className="button secondary"
        aria-label={t('chat.settings.copyLabel', { name })}
        onClick={() => {
          // Without a clipboard (a page not on https) the address stays there to select by hand.
          const copying = typeof navigator.clipboard?.writeText === 'function' ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
          copying.then(
            () => setCopied('ok'),
            () => setCopied('failed'),
          );
        }}
      >
        {t('chat.settings.copy')}
      </button>
      <span role="status" className="small">
        {copied === 'ok' ? t('chat.settings.copied') : copied === 'failed' ? t('chat.settings.copyFailed') : ''}
      </span>
    </div>
  );
}

function InboxCard({ tenantId, inbox }: { tenantId: string; inbox: ChatInbox }) {
  const { t } = useI18n();
  const set = new Set(inbox.secrets.map((s) => s.name));
  const display = typeof inbox.config.display_phone_number === 'string' ? inbox.config.display_phone_number : null;
  return (
    <li className="card inbox-card" data-testid="inbox" data-id={inbox.id}>
      <h3>{inbox.name}</h3>
      <dl className="facts">
        <div>
          <dt>{t('chat.settings.phoneId')}</dt>
          <dd>
            <code>{inbox.external_id ?? '—'}</code>
          </dd>
        </div>
        {display && (
          <div>
            <dt>{t('chat.settings.displayPhone')}</dt>
            <dd>{display}</dd>
          </div>
        )}
        <div>
          <dt>{t('chat.settings.secrets')}</dt>
          <dd>
            <ul className="secrets" data-testid="inbox-secrets">
              {SECRETS[inbox.channel_type].map((s) => {
                const label = t(`chat.settings.secret.${s}`);
                return <li key={s}>{set.has(s) ? `✓ ${t('chat.settings.secretSet', { name: label })}` : `✗ ${t('chat.settings.secretMissing', { name: label })}`}</li>;
              })}
            </ul>
          </dd>
        </div>
      </dl>
      {inbox.webhook_url && (
        <>
          <p className="field-label">
            <strong>{t('chat.settings.webhook')}</strong>
          </p>
          <CopyUrl url={inbox.webhook_url} name={inbox.name} />
          <p className="hint">{t('chat.settings.webhookHint')}</p>
        </>
      )}
      <CsatSwitch tenantId={tenantId} inbox={inbox} />
    </li>
  );
}

/** Connects a WhatsApp number: the secrets go to the vault (the answer never holds them) and the form is emptied. */
function ConnectForm({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const schema = useMemo(() => connectSchema(t), [t]);
  const form = useSchemaForm(schema, EMPTY);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = form.handleSubmit(async (v) => {
    setFailure(null);
    setDone(false);
    const config: CreateWhatsAppInboxBody['config'] = {
      phone_number_id: v.phone_number_id,
      access_token: v.access_token,
      app_secret: v.app_secret,
      verify_token: v.verify_token,
      ...(v.waba_id ? { waba_id: v.waba_id } : {}),
      ...(v.display_phone_number ? { display_phone_number: v.display_phone_number } : {}),
    };
    try {
      await data(api.POST('/api/v1/chat/inboxes', { params: tenantParam(tenantId), body: { channel_type: 'whatsapp', name: v.name, config } }));
      form.reset(EMPTY);
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: keys.chatInboxes(tenantId) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_exists') {
        form.setError('phone_number_id', { type: 'server', message: t('chat.settings.taken') }, { shouldFocus: true });
        return;
      }
      // The body's config fields come back as body.config.<field>: put each under its own field.
      let first = true;
      for (const issue of err instanceof ApiError ? err.issues : []) {
        const name = issue.path.replace(/^body\.(config\.)?/, '') as keyof ConnectValues;
        if (!(name in EMPTY)) continue;
        form.setError(name, { type: 'server', message: issue.message }, { shouldFocus: first });
        first = false;
      }
      if (first) setFailure(err);
    }
  });

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="chat-connect-title">
      <h2 id="chat-connect-title">{t('chat.settings.connect')}</h2>
      {done && (
        <p className="alert alert-info" role="status" data-testid="inbox-connected">
          {t('chat.settings.connected')}
        </p>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      <TextField form={form} name="name" id="inbox-name" label={t('chat.settings.name')} hint={t('chat.settings.nameHint')} required autoComplete="off" />
      <TextField form={form} name="phone_number_id" id="inbox-phone_number_id" label={t('chat.settings.phoneId')} hint={t('chat.settings.phoneIdHint')} inputMode="numeric" required autoComplete="off" />
      <TextField form={form} name="waba_id" id="inbox-waba_id" label={t('chat.settings.wabaId')} inputMode="numeric" autoComplete="off" />
      <TextField form={form} name="display_phone_number" id="inbox-display_phone_number" label={t('chat.settings.displayPhone')} type="tel" inputMode="tel" autoComplete="off" />
      <TextField form={form} name="access_token" id="inbox-access_token" label={t('chat.settings.accessToken')} hint={t('chat.settings.accessTokenHint')} type="password" autoComplete="off" required />
      <TextField form={form} name="app_secret" id="inbox-app_secret" label={t('chat.settings.appSecret')} hint={t('chat.settings.appSecretHint')} type="password" autoComplete="off" required />
      <TextField form={form} name="verify_token" id="inbox-verify_token" label={t('chat.settings.verifyToken')} hint={t('chat.settings.verifyTokenHint')} type="password" autoComplete="off" required />
      <button type="submit" className="button primary" disabled={form.formState.isSubmitting}>
        {t('chat.settings.submit')}
      </button>
    </form>
  );
}

/** The tenant's chat channels, for its admins: what is connected (which secrets are set, the webhook URL) and a new number. */
export function ChatSettingsPage({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const inboxes = useQuery(chatInboxesQuery(tenantId));
  return (
    <>
      <div className="page-header">
        <h1>{t('chat.settings.title')}</h1>
        <Link to={`/tenants/${encodeURIComponent(tenantId)}/chat`}>{t('chat.title')}</Link>
      </div>
      <p className="lead">{t('chat.settings.intro')}</p>
      <section aria-labelledby="chat-inboxes-title">
        <h2 id="chat-inboxes-title">{t('chat.settings.inboxes')}</h2>
        {inboxes.error !== null && <ErrorMessage error={inboxes.error} onRetry={() => void inboxes.refetch()} />}
        {!inboxes.data ? (
          inboxes.error === null && <Loading label={t('chat.settings.loading')} />
        ) : inboxes.data.length === 0 ? (
          <p className="empty">{t('chat.settings.none')}</p>
        ) : (
          <ul className="plain-list" data-testid="inboxes">
            {inboxes.data.map((i) => (
              <InboxCard key={i.id} tenantId={tenantId} inbox={i} />
            ))}
          </ul>
        )}
      </section>
      <ConnectForm tenantId={tenantId} />
      <LabelsSettings tenantId={tenantId} />
      <CannedSettings tenantId={tenantId} />
    </>
  );
}

