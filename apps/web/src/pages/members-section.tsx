import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import * as z from 'zod/mini';
import { api, ApiError, data, issuesByPath } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { bodySchema, SelectField, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { TENANT_ROLES, type Body, type InvitationOutput, type MemberOutput, type TenantRole } from '../api/models.ts';
import { invalidate, invitationsQuery, keys, membersQuery, optimistic } from '../queries.ts';
import { ErrorMessage, Loading, roleLabel } from '../ui.tsx';
import '../messages/members.es.ts';

type Channel = 'email' | 'phone';
type Notice = { text?: string | null; error?: unknown };
type InviteBody = Body<'/api/v1/tenants/{id}/invitations', 'post'>;

const contactError = (t: Translate, channel: Channel): string => (channel === 'email' ? t('form.emailInvalid') : t('form.phoneInvalid'));
const EMAIL = z.email();

/**
 * The invitation: one contact, sent as the body's `email` or `phone` (POST /api/v1/tenants/:id/invitations), and a
 * role. The e-mail is checked as an address, a phone by its digits (the server checks E.164).
 */
const inviteSchema = (t: Translate) =>
  bodySchema<InviteBody>()(
    z
      .object({ channel: z.enum(['email', 'phone']), contact: z.string().check(z.trim()), role: z.enum(TENANT_ROLES) })
      .check(
        z.superRefine((v, ctx) => {
          const ok = v.channel === 'email' ? EMAIL.safeParse(v.contact).success : v.contact.replace(/\D/g, '').length >= 8;
          if (!ok) ctx.addIssue({ code: 'custom', path: ['contact'], message: contactError(t, v.channel), input: v.contact });
        }),
      ),
    { local: ['channel', 'contact'] },
  );

/** Members of a tenant, and the invitations its owners and admins send (and may revoke while pending). */
export function MembersSection({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const params = { path: { id: tenantId } };
  const membersList = useQuery(membersQuery(tenantId));
  const invitationsList = useQuery(invitationsQuery(tenantId));
  const members = membersList.data ?? null;
  const invitations = invitationsList.data ?? null;
  const loadError = membersList.error ?? invitationsList.error;
  const schema = useMemo(() => inviteSchema(t), [t]);
  const form = useSchemaForm(schema, { channel: 'email', contact: '', role: 'viewer' });
  const channel = form.watch('channel');
  const [sent, setSent] = useState<string | null>(null);
  const [memberNotice, setMemberNotice] = useState<Notice | null>(null);
  /** Roles picked but not saved yet, by user: a role changes on "Guardar", so arrowing through the list changes nothing. */
  const [drafts, setDrafts] = useState<Record<string, TenantRole>>({});

  // What changes people also writes the security log.
  const settled = (...changed: QueryKey[]) => invalidate(queryClient, ...changed, keys.securityEvents(tenantId));

  const inviteMutation = useMutation({
    mutationFn: (body: { email?: string; phone?: string; role: TenantRole }) => data(api.POST('/api/v1/tenants/{id}/invitations', { params, body })),
    onSettled: () => settled(keys.invitations(tenantId)),
  });
  const revokeInvitation = useMutation({
    mutationFn: (inv: InvitationOutput) => data(api.DELETE('/api/v1/tenants/{id}/invitations/{invitation_id}', { params: { path: { id: tenantId, invitation_id: inv.id } } })),
    onSettled: () => settled(keys.invitations(tenantId)),
  });
  // A new role shows at once; refused, the old one comes back with the reason.
  const roleMutation = useMutation({
    mutationFn: ({ m, next }: { m: MemberOutput; next: TenantRole }) =>
      data(api.PATCH('/api/v1/tenants/{id}/members/{user_id}', { params: { path: { id: tenantId, user_id: m.user_id } }, body: { role: next } })),
    onMutate: async ({ m, next }) => {
      setMemberNotice(null);
      setDrafts(({ [m.user_id]: _done, ...rest }) => rest);
      return { rollback: await optimistic<MemberOutput[]>(queryClient, keys.members(tenantId), (list) => list.map((x) => (x.user_id === m.user_id ? { ...x, role: next } : x))) };
    },
    onSuccess: (_out, { m, next }) => setMemberNotice({ text: t('members.roleChanged', { who: m.display_name ?? m.email, role: roleLabel(t, next) }) }),
    onError: (error, _vars, context) => {
      context?.rollback();
      setMemberNotice({ error });
    },
    onSettled: () => settled(keys.members(tenantId)),
  });
  const removeMutation = useMutation({
    mutationFn: (m: MemberOutput) => data(api.DELETE('/api/v1/tenants/{id}/members/{user_id}', { params: { path: { id: tenantId, user_id: m.user_id } } })),
    onMutate: () => setMemberNotice(null),
    // The message comes with the list as it now is.
    onSettled: async (_out, error, m) => {
      await settled(keys.members(tenantId));
      setMemberNotice(error ? { error } : { text: t('members.removed', { who: m.display_name ?? m.email }) });
    },
  });
  const failure = inviteMutation.error ?? revokeInvitation.error;

  const invite = form.handleSubmit(async ({ channel, contact: value, role }) => {
    setSent(null);
    inviteMutation.reset();
    revokeInvitation.reset();
    // Inviting an address again revokes its older pending invitation (the server keeps only the newest link).
    const digits = (s: string) => s.replace(/\D/g, '').slice(-8);
    const replaces = (invitations ?? []).some(
      (i) => i.state === 'pending' && (channel === 'email' ? i.email?.toLowerCase() === value.toLowerCase() : i.phone !== null && digits(i.phone) === digits(value)),
    );
    const body: InviteBody = channel === 'email' ? { email: value, role } : { phone: value, role };
    try {
      await inviteMutation.mutateAsync(body);
      form.reset({ channel, contact: '', role });
      setSent(replaces ? t('members.superseded', { to: value }) : t('members.sent', { to: value }));
    } catch (err) {
      // The form asks for one contact; the server names it email or phone. A field's problem is shown there only.
      const issues = issuesByPath(err);
      if (issues.email || issues.phone) form.setError('contact', { type: 'server', message: contactError(t, channel) }, { shouldFocus: true });
      else if (issues.role || (err instanceof ApiError && err.status === 403)) form.setError('role', { type: 'server', message: t('members.roleTooHigh') }, { shouldFocus: true });
      else return;
      inviteMutation.reset();
    }
  });

  async function revoke(inv: InvitationOutput) {
    if (!(await confirm({ message: t('members.revokeConfirm', { to: inv.email ?? inv.phone ?? '' }), destructive: true }))) return;
    inviteMutation.reset();
    revokeInvitation.mutate(inv);
  }

  /** The API's refusals in words a person can act on: the last owner stays, and a role may only manage lower roles. */
  function memberErrorText(err: unknown): string | null {
    if (err instanceof ApiError && err.status === 409) return t('members.lastOwner');
    if (err instanceof ApiError && err.status === 403) return t('members.forbidden');
    return null;
  }

  async function remove(m: MemberOutput) {
    const who = m.display_name ?? m.email;
    if (!(await confirm({ message: t('members.removeConfirm', { who }), destructive: true }))) return;
    removeMutation.mutate(m);
  }

  const memberError = memberNotice?.error ?? null;
  const busy = inviteMutation.isPending;
  const pending = invitations?.filter((i) => i.state === 'pending') ?? [];
  return (
    <section aria-labelledby="members-title" className="card">
      <h2 id="members-title">{t('members.title')}</h2>
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={() => void Promise.all([membersList.refetch(), invitationsList.refetch()])} />
      ) : !members ? (
        <Loading label={t('members.loading')} />
      ) : (
        <ul className="plain-list" data-testid="members">
          {members.map((m) => {
            const who = m.display_name ?? m.email;
            const selectId = `member-role-${m.user_id}`;
            return (
              <li key={m.user_id}>
                <strong>{who}</strong> {m.display_name && <span className="muted">{m.email}</span>}{' '}
                <span className="member-actions">
                  <label htmlFor={selectId} className="visually-hidden">
                    {t('members.roleOf', { who })}
                  </label>
                  <select id={selectId} value={drafts[m.user_id] ?? m.role} onChange={(e) => setDrafts((d) => ({ ...d, [m.user_id]: e.target.value as TenantRole }))}>
                    {(TENANT_ROLES as readonly string[]).includes(m.role) ? null : <option value={m.role}>{roleLabel(t, m.role)}</option>}
                    {TENANT_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(t, r)}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button secondary"
                    disabled={(drafts[m.user_id] ?? m.role) === m.role}
                    onClick={() => {
                      const next = drafts[m.user_id];
                      if (next) roleMutation.mutate({ m, next });
                    }}
                    aria-label={t('members.saveRoleLabel', { who })}
                  >
                    {t('members.saveRole')}
                  </button>
                  <button type="button" className="button secondary" onClick={() => void remove(m)} aria-label={t('members.removeLabel', { who })}>
                    {t('members.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {memberError !== null &&
        (memberErrorText(memberError) ? (
          <p className="alert alert-error" role="alert" data-testid="member-error">
            {memberErrorText(memberError)}
          </p>
        ) : (
          <ErrorMessage error={memberError} />
        ))}
      {memberNotice?.text && (
        <p className="alert alert-info" role="status">
          {memberNotice.text}
        </p>
      )}

      <h3 id="invite-title">{t('members.invite')}</h3>
      {failure !== null && <ErrorMessage error={failure} />}
      {sent && (
        <p className="alert alert-info" role="status">
          {sent}
        </p>
      )}
      <form className="form" onSubmit={(e) => void invite(e)} noValidate aria-labelledby="invite-title">
        <fieldset className="field">
          <legend>{t('members.channel')}</legend>
          <div className="checks">
            {(['email', 'phone'] as const).map((c) => (
              <label key={c} className="check">
                <input type="radio" value={c} {...form.register('channel', { onChange: () => form.clearErrors('contact') })} />
                {t(c === 'email' ? 'members.byEmail' : 'members.byPhone')}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          form={form}
          name="contact"
          id="invite-contact"
          label={channel === 'email' ? t('members.email') : t('members.phone')}
          type={channel === 'email' ? 'email' : 'tel'}
          inputMode={channel === 'email' ? 'email' : 'tel'}
          autoComplete="off"
          required
          hint={channel === 'phone' ? t('members.phoneHint') : undefined}
        />
        <SelectField form={form} name="role" id="invite-role" label={t('members.role')}>
          {TENANT_ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('members.sending') : t('members.send')}
        </button>
      </form>

      <h3>{t('members.pending')}</h3>
      {pending.length === 0 ? (
        <p className="empty">{t('members.noPending')}</p>
      ) : (
        <ul className="plain-list" data-testid="invitations">
          {pending.map((inv) => {
            const to = inv.email ?? inv.phone ?? '';
            return (
              <li key={inv.id}>
                <strong>{to}</strong> <span className="badge">{roleLabel(t, inv.role)}</span>{' '}
                <span className="muted">{t('members.expires', { date: formatDateTime(inv.expires_at, locale) })}</span>{' '}
                <button type="button" className="button secondary" onClick={() => void revoke(inv)} aria-label={t('members.revokeLabel', { to })}>
                  {t('members.revoke')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
