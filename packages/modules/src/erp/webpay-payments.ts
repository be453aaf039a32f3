import { AppError, deriveKey, hmacBase64url, notFound, safeEqual, type Clock, type Database, type EgressGuard, type Tx } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import type { Vault } from '../registry/index.ts';
import { confirmOrder, paymentOut, recordPayment } from './orders.ts';
import type { PaymentOutput, WebpayAccountInput, WebpayAccountOutput } from './erp.schema.ts';
import { webpayAccountInput } from './erp.schema.ts';
import type { ErpPaymentsTable } from './erp.tables.ts';
import { createWebpayClient, isApproved, parseWebpayReturn, WebpayError, WEBPAY_INTEGRATION, type WebpayClient, type WebpayClientOptions, type WebpayTransaction } from './webpay.ts';

/**
 * Webpay Plus payments of orders. Starting one confirms the order if it is a draft (its stock is reserved while the
 * buyer pays), writes a pending payment and creates the transaction; the buyer is sent to Webpay by a POST form.
 * Webpay sends the buyer back to the return URL in one of four ways (parseWebpayReturn): only a normal return is
 * committed, and a token is committed at most once: the commit is claimed by a conditional update of the payment
 * (commit_started_at), so a second return, a double click or the reconciler only ask the transaction's status. A
 * commit whose answer is lost is asked for its status, never committed again. Approved = AUTHORIZED and response
 * code 0; the payment then pays the order (which is paid when its payments cover it). A payment approved for an order
 * that was cancelled meanwhile is refunded at once. The reconciler settles what was left open (a buyer who paid and
 * closed the browser before the return): every minute, payments pending for more than 15 minutes.
 */

export interface WebpayPaymentsDeps {
  db: Database;
  clock: Clock;
  egress: EgressGuard;
  vault: Pick<Vault, 'seal' | 'open'>;
  config: { integrationUrl: string; productionUrl: string; timeoutMs: number };
  /** Where Webpay sends the buyer back: {publicUrl}/api/v1/erp/payments/webpay/return. */
  publicUrl: string;
  /** Signs payment links (derived per purpose). */
  secret: string;
  onEvents?: () => void;
  /** Tests only: how a client is made (the real one by default). */
  makeClient?: (options: WebpayClientOptions) => WebpayClient;
  onError?: (err: unknown) => void;
}

export type WebpayOutcome = 'approved' | 'rejected' | 'aborted' | 'timeout' | 'pending' | 'invalid';

export interface WebpayReturnResult {
  outcome: WebpayOutcome;
  tenantId?: string;
  order?: { id: string; number: number; status: string; amount_total: number };
  payment?: PaymentOutput;
}

type PaymentRow = Selectable<ErpPaymentsTable>;
/** Webpay's form lives a few minutes: a payment pending longer than this was left by its buyer (or its return was lost). */
const PENDING_AFTER_MS = 15 * 60_000;
/** A claimed commit that did not settle in this long (a crash, Webpay down) may be tried again once the status shows it uncommitted. */
const STALE_CLAIM_MS = 2 * 60_000;
/** Transbank keeps a transaction's status readable for 7 days; after that a pending payment is closed. */
const READABLE_MS = 7 * 24 * 3_600_000;
const secretName = (tenantId: string) => `erp-webpay:${tenantId}:api_key`;
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');
const uuidOf = (b64: string): string | null => {
  const hex = Buffer.from(b64, 'base64url').toString('hex');
  return hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
};

export function createWebpayPayments(deps: WebpayPaymentsDeps) {
  const { db, clock, vault } = deps;
  const makeClient = deps.makeClient ?? createWebpayClient;
  const returnUrl = `${deps.publicUrl}/api/v1/erp/payments/webpay/return`;
  const linkKey = deriveKey(deps.secret, 'erp-payment-link');

  /** The tenant's own commerce when it set one, else Transbank's public integration commerce. */
  async function clientFor(tx: Tx, tenantId: string): Promise<{ client: WebpayClient; environment: 'integration' | 'production'; commerceCode: string }> {
    const own = await tx
      .selectFrom('erp_webpay_accounts as a')
      .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 'a.tenant_id').onRef('d.id', '=', 'a.data_key_id'))
      .select(['a.commerce_code', 'a.environment', 'a.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
      .executeTakeFirst();
    if (!own) {
      return { environment: 'integration', commerceCode: WEBPAY_INTEGRATION.commerceCode, client: makeClient({ egress: deps.egress, baseUrl: deps.config.integrationUrl, commerceCode: WEBPAY_INTEGRATION.commerceCode, apiKey: WEBPAY_INTEGRATION.apiKey, timeoutMs: deps.config.timeoutMs }) };
    }
    const apiKey = vault.open(tenantId, secretName(tenantId), { id: own.key_id, master_key_id: own.master_key_id, wrapped_key: own.wrapped_key }, own.ciphertext);
    const baseUrl = own.environment === 'production' ? deps.config.productionUrl : deps.config.integrationUrl;
    return { environment: own.environment, commerceCode: own.commerce_code, client: makeClient({ egress: deps.egress, baseUrl, commerceCode: own.commerce_code, apiKey, timeoutMs: deps.config.timeoutMs }) };
  }

  const upstream = (err: unknown): AppError => {
    if (err instanceof AppError) return err;
    if (err instanceof WebpayError) {
      if (err.kind === 'egress_refused') return new AppError('egress_refused', 'Webpay’s address is not allowed by the egress guard');
      if (err.kind === 'rejected') return new AppError('upstream_error', `Webpay refused: ${err.errorMessage ?? `HTTP ${err.status ?? '?'}`}`, { provider: 'webpay', status: err.status, error_message: err.errorMessage });
      return new AppError('unavailable', 'Webpay did not answer; try again in a moment', { provider: 'webpay' });
    }
    return new AppError('internal', 'Webpay failed');
  };

  /** A payment and its tenant, found by Webpay's token or the payment's id (what a return carries): a platform read. */
  async function locate(by: { token: string } | { paymentId: string }): Promise<{ tenant_id: string; id: string; buy_order: string | null } | undefined> {
    return db.platform({ name: 'erp.webpay_locate', actor: 'webpay', readOnly: true, audit: false }, (tx) => {
      const q = tx.selectFrom('erp_payments').select(['tenant_id', 'id', 'buy_order']).where('method', '=', 'webpay');
      return ('token' in by ? q.where('provider_ref', '=', by.token) : q.where('id', '=', by.paymentId)).executeTakeFirst();
    });
  }

  async function resultOf(tenantId: string, paymentId: string, outcome: WebpayOutcome): Promise<WebpayReturnResult> {
    return db.withTenant(tenantId, async (tx) => {
      const p = await tx.selectFrom('erp_payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
      const o = await tx.selectFrom('orders').select(['id', 'number', 'status', 'amount_total']).where('id', '=', p.order_id).executeTakeFirstOrThrow();
      return { outcome, tenantId, order: o, payment: paymentOut(p) };
    });
  }

  const outcomeOf = (p: PaymentRow): WebpayOutcome =>
    p.status === 'approved' || p.status === 'refunded' ? 'approved' : p.status === 'failed' ? 'rejected' : p.status === 'cancelled' ? (p.details.closed === 'timeout' ? 'timeout' : 'aborted') : 'pending';

  /** Writes what Transbank says of the transaction, once: a pending payment becomes approved (paying the order) or failed. */
  async function apply(tenantId: string, paymentId: string, tx0: WebpayTransaction | null, rejectedMessage?: string): Promise<WebpayOutcome> {
    let refund: { token: string; amount: number } | null = null;
    const outcome = await db.withTenant(tenantId, async (tx) => {
      const p = await tx.selectFrom('erp_payments').selectAll().where('id', '=', paymentId).forUpdate().executeTakeFirstOrThrow();
      if (p.status !== 'pending') return outcomeOf(p);
      const now = clock.now();
      if (tx0 === null || (!isApproved(tx0) && tx0.status === 'INITIALIZED')) {
        // Still open at Transbank: left pending for the reconciler (or a later return).
        if (rejectedMessage === undefined) return 'pending';
      }
      const details = {
        ...p.details,
        ...(tx0 ? { status: tx0.status, response_code: tx0.response_code ?? null, authorization_code: tx0.authorization_code ?? null, card_last4: tx0.card_detail?.card_number ?? null, payment_type_code: tx0.payment_type_code ?? null, installments_number: tx0.installments_number ?? null, transaction_date: tx0.transaction_date } : {}),
        ...(rejectedMessage ? { error_message: rejectedMessage } : {}),
      };
      if (tx0 && isApproved(tx0)) {
        if (tx0.amount !== p.amount) throw new AppError('internal', `Webpay authorized ${tx0.amount} for a payment of ${p.amount}`);
        await tx.updateTable('erp_payments').set({ status: 'approved', details: JSON.stringify(details), updated_at: now }).where('id', '=', p.id).execute();
        const order = await tx.selectFrom('orders').select(['status', 'amount_total', 'amount_paid']).where('id', '=', p.order_id).executeTakeFirstOrThrow();
        if (order.status === 'confirmed' && order.amount_total - order.amount_paid >= p.amount) {
          await recordPayment(tx, tenantId, p.order_id, { method: 'webpay', amount: p.amount, paymentId: p.id }, 'webpay', now);
        } else {
          // The order was cancelled or paid otherwise while the buyer paid: the money goes back.
          refund = { token: p.provider_ref!, amount: p.amount };
        }
        return 'approved';
      }
      await tx.updateTable('erp_payments').set({ status: 'failed', details: JSON.stringify(details), updated_at: now }).where('id', '=', p.id).execute();
      return 'rejected';
    });
    if (refund) await refundPayment(tenantId, paymentId, undefined, 'webpay').catch((err: unknown) => deps.onError?.(err));
    deps.onEvents?.();
    return outcome;
  }

  /** The one commit of a token (claimed first), or its status when another already claimed it. */
  async function settle(tenantId: string, paymentId: string): Promise<WebpayOutcome> {
    const claimed = await db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('erp_payments')
        .set({ commit_started_at: clock.now() })
        .where('id', '=', paymentId)
        .where('status', '=', 'pending')
        .where('commit_started_at', 'is', null)
        .where('provider_ref', 'is not', null)
        .returning(['provider_ref'])
        .executeTakeFirst(),
    );
    const row = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow());
    if (row.status !== 'pending' || row.provider_ref === null) return outcomeOf(row);
    const { client } = await db.withTenant(tenantId, (tx) => clientFor(tx, tenantId));
    const token = row.provider_ref;
    if (claimed) return commitOnce(tenantId, paymentId, client, token);
    try {
      const status = await client.status(token);
      // Claimed long ago and still uncommitted at Transbank (the claimant crashed, or Webpay failed it): commit it now.
      // Transbank's status proves the first commit did not take effect, and a commit of a committed token is a 422.
      const stale = row.commit_started_at !== null && row.commit_started_at.getTime() < clock.now().getTime() - STALE_CLAIM_MS;
      if (status.status === 'INITIALIZED' && stale) {
        const reclaimed = await db.withTenant(tenantId, (tx) =>
          tx.updateTable('erp_payments').set({ commit_started_at: clock.now() }).where('id', '=', paymentId).where('status', '=', 'pending').where('commit_started_at', '=', row.commit_started_at).returning('id').executeTakeFirst(),
        );
        if (reclaimed) return await commitOnce(tenantId, paymentId, client, token);
      }
      return await apply(tenantId, paymentId, status);
    } catch (err) {
      if (err instanceof WebpayError) return 'pending';
      throw err;
    }
  }

  /** The commit (claimed by the caller); a lost answer or a refusal asks the status instead of committing again. */
  async function commitOnce(tenantId: string, paymentId: string, client: WebpayClient, token: string): Promise<WebpayOutcome> {
    try {
      return await apply(tenantId, paymentId, await client.commit(token));
    } catch (err) {
      if (!(err instanceof WebpayError)) throw err;
      try {
        const status = await client.status(token);
        return await apply(tenantId, paymentId, status, err.kind === 'rejected' && !isApproved(status) ? (err.errorMessage ?? 'rejected') : undefined);
      } catch (again) {
        if (again instanceof WebpayError) return 'pending';
        throw again;
      }
    }
  }

  /** Closes a payment the buyer abandoned (aborted at Webpay, or timed out on its form): never committed. */
  async function close(tenantId: string, paymentId: string, why: 'aborted' | 'timeout' | 'expired'): Promise<void> {
    await db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('erp_payments')
        .set({ status: 'cancelled', details: sql`details || ${JSON.stringify({ closed: why })}::jsonb`, updated_at: clock.now() })
        .where('id', '=', paymentId)
        .where('status', '=', 'pending')
        .execute(),
    );
  }

  async function refundPayment(tenantId: string, paymentId: string, amount: number | undefined, actor: string): Promise<PaymentOutput> {
    const p = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_payments').selectAll().where('id', '=', paymentId).executeTakeFirst());
    if (!p) throw notFound('payment');
    if (p.method !== 'webpay' || p.provider_ref === null) throw new AppError('validation_failed', 'payment_id: only a Webpay payment is refunded here', { issues: [{ path: 'payment_id', message: 'not a Webpay payment' }] });
    if (p.status !== 'approved') throw new AppError('payment_not_refundable', `A ${p.status} payment cannot be refunded`, { status: p.status });
    const left = p.amount - p.refunded_amount;
    const value = amount ?? left;
    if (value <= 0 || value > left) throw new AppError('payment_exceeds_balance', `amount: ${value} is more than the ${left} left to refund`, { owed: left, amount: value });
    const { client } = await db.withTenant(tenantId, (tx) => clientFor(tx, tenantId));
    let refund;
    try {
      refund = await client.refund(p.provider_ref, value);
    } catch (err) {
      throw upstream(err);
    }
    return db.withTenant(tenantId, async (tx) => {
      const refunded = p.refunded_amount + value;
      const row = await tx
        .updateTable('erp_payments')
        .set({
          refunded_amount: refunded,
          status: refunded === p.amount ? 'refunded' : 'approved',
          details: sql`details || ${JSON.stringify({ refunds: [...(((p.details.refunds as unknown[]) ?? []) as unknown[]), { type: refund.type, amount: value, at: clock.now().toISOString(), by: actor, authorization_code: refund.authorization_code ?? null }] })}::jsonb`,
          updated_at: clock.now(),
        })
        .where('id', '=', paymentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return paymentOut(row);
    });
  }

  return {
    /**
     * Starts a Webpay payment of what the order still owes: a draft is confirmed first (its stock reserved), a pending
     * payment is written, and the transaction created. Answers Webpay's token and form URL.
     */
    async start(tenantId: string, orderId: string, actor: string): Promise<{ payment_id: string; token: string; url: string; amount: number; buy_order: string; environment: 'integration' | 'production' }> {
      const pending = await db.withTenant(tenantId, async (tx) => {
        let order = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
        if (!order) throw notFound('order');
        if (order.status === 'draft') order = await confirmOrder(tx, tenantId, orderId, actor, clock.now());
        if (order.status !== 'confirmed') throw new AppError('order_transition_not_allowed', `An order cannot go from ${order.status} to paid`, { entity: 'order', from: order.status, to: 'paid' });
        const owed = order.amount_total - order.amount_paid;
        if (owed <= 0) throw new AppError('order_transition_not_allowed', 'The order owes nothing', { entity: 'order', from: order.status, to: 'paid' });
        const buyOrder = `${order.number}-${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`.slice(0, 26);
        const now = clock.now();
        const row = await tx
          .insertInto('erp_payments')
          .values({ tenant_id: tenantId, order_id: orderId, method: 'webpay', amount: owed, status: 'pending', buy_order: buyOrder, details: '{}', created_by: actor, created_at: now, updated_at: now })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        const { client, environment } = await clientFor(tx, tenantId);
        return { id: row.id, buyOrder, owed, client, environment };
      });
      deps.onEvents?.();
      let created;
      try {
        created = await pending.client.create({ buy_order: pending.buyOrder, session_id: pending.id, amount: pending.owed, return_url: returnUrl });
      } catch (err) {
        await db.withTenant(tenantId, (tx) =>
          tx.updateTable('erp_payments').set({ status: 'failed', details: JSON.stringify({ error: err instanceof WebpayError ? err.kind : 'error' }), updated_at: clock.now() }).where('id', '=', pending.id).execute(),
        );
        throw upstream(err);
      }
      await db.withTenant(tenantId, (tx) =>
        tx.updateTable('erp_payments').set({ provider_ref: created.token, details: JSON.stringify({ environment: pending.environment, url: created.url }), updated_at: clock.now() }).where('id', '=', pending.id).execute(),
      );
      return { payment_id: pending.id, token: created.token, url: created.url, amount: pending.owed, buy_order: pending.buyOrder, environment: pending.environment };
    },

    /** Webpay's return (GET query or POST form): the four cases, each settled once. */
    async handleReturn(params: Record<string, string | undefined>): Promise<WebpayReturnResult> {
      const r = parseWebpayReturn(params);
      switch (r.kind) {
        case 'normal': {
          const found = await locate({ token: r.token });
          if (!found) return { outcome: 'invalid' };
          const outcome = await settle(found.tenant_id, found.id);
          return resultOf(found.tenant_id, found.id, outcome);
        }
        case 'aborted':
        case 'error_form': {
          const found = await locate({ token: r.kind === 'aborted' ? r.token : r.tbk_token });
          if (!found) return { outcome: 'invalid' };
          await close(found.tenant_id, found.id, 'aborted');
          const res = await resultOf(found.tenant_id, found.id, 'aborted');
          // An abort after the payment was settled (a second tab) does not undo it: the page tells what holds.
          return res.payment?.status === 'cancelled' ? res : { ...res, outcome: res.payment?.status === 'approved' || res.payment?.status === 'refunded' ? 'approved' : res.payment?.status === 'failed' ? 'rejected' : 'aborted' };
        }
        case 'timeout': {
          // The session id is the payment's id; the buy order must match it.
          const id = /^[0-9a-f-]{36}$/.test(r.session_id) ? r.session_id : null;
          const found = id ? await locate({ paymentId: id }) : undefined;
          if (!found || found.buy_order !== r.buy_order) return { outcome: 'invalid' };
          await close(found.tenant_id, found.id, 'timeout');
          return resultOf(found.tenant_id, found.id, 'timeout');
        }
        default:
          return { outcome: 'invalid' };
      }
    },

    refund: refundPayment,

    /** Settles Webpay payments left pending for more than 15 minutes; closes those older than Transbank keeps (7 days). */
    async reconcile(limit = 100): Promise<{ settled: number; closed: number }> {
      const now = clock.now().getTime();
      const open = await db.platform({ name: 'erp.webpay_reconcile', actor: 'webpay', readOnly: true, audit: false }, (tx) =>
        tx
          .selectFrom('erp_payments')
          .select(['tenant_id', 'id', 'created_at', 'provider_ref'])
          .where('status', '=', 'pending')
          .where('method', '=', 'webpay')
          .where('created_at', '<', new Date(now - PENDING_AFTER_MS))
          .orderBy('created_at')
          .limit(limit)
          .execute(),
      );
      let settled = 0;
      let closed = 0;
      for (const p of open) {
        try {
          if (p.provider_ref === null || p.created_at.getTime() < now - READABLE_MS) {
            await close(p.tenant_id, p.id, 'expired');
            closed += 1;
            continue;
          }
          const outcome = await settle(p.tenant_id, p.id);
          if (outcome !== 'pending') settled += 1;
        } catch (err) {
          deps.onError?.(err);
        }
      }
      return { settled, closed };
    },

    /** A link to pay the order by Webpay, to send by WhatsApp: opening it starts a fresh transaction. Valid `days`. */
    paymentLink(tenantId: string, orderId: string, days = 7): { url: string; expires_at: string } {
      const exp = Math.floor(clock.now().getTime() / 1000) + days * 86_400;
      const body = `${uuidBytes(tenantId)}.${uuidBytes(orderId)}.${exp.toString(36)}`;
      return { url: `${deps.publicUrl}/pay/${body}.${hmacBase64url(linkKey, body).slice(0, 22)}`, expires_at: new Date(exp * 1000).toISOString() };
    },

    /** The tenant and order of a payment link, when its signature holds and it has not expired. */
    openLink(token: string): { tenantId: string; orderId: string } | null {
      const parts = token.split('.');
      if (parts.length !== 4) return null;
      const [t, o, exp, sig] = parts as [string, string, string, string];
      if (!safeEqual(hmacBase64url(linkKey, `${t}.${o}.${exp}`).slice(0, 22), sig)) return null;
      if (parseInt(exp, 36) * 1000 < clock.now().getTime()) return null;
      const tenantId = uuidOf(t);
      const orderId = uuidOf(o);
      return tenantId && orderId ? { tenantId, orderId } : null;
    },

    /** The tenant's own Webpay commerce (the key write-only: its last 4 characters only). */
    async getAccount(tenantId: string): Promise<WebpayAccountOutput> {
      const row = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_webpay_accounts').select(['commerce_code', 'environment', 'last4', 'updated_at']).executeTakeFirst());
      if (!row) return { own: false, commerce_code: WEBPAY_INTEGRATION.commerceCode, environment: 'integration', api_key_last4: null, updated_at: null };
      return { own: true, commerce_code: row.commerce_code, environment: row.environment, api_key_last4: row.last4, updated_at: row.updated_at.toISOString() };
    },
    async setAccount(tenantId: string, actor: string, raw: WebpayAccountInput): Promise<WebpayAccountOutput> {
      const input = webpayAccountInput.parse(raw);
      await db.withTenant(tenantId, async (tx) => {
        const sealed = await vault.seal(tx, tenantId, secretName(tenantId), input.api_key);
        const values = { commerce_code: input.commerce_code, environment: input.environment, data_key_id: sealed.data_key_id, ciphertext: sealed.ciphertext, fingerprint: sealed.fingerprint, last4: sealed.last4, updated_by: actor, updated_at: clock.now() };
        await tx.insertInto('erp_webpay_accounts').values({ tenant_id: tenantId, ...values }).onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).execute();
      });
      return this.getAccount(tenantId);
    },
    async deleteAccount(tenantId: string): Promise<void> {
      await db.withTenant(tenantId, (tx) => tx.deleteFrom('erp_webpay_accounts').execute());
    },
  };
}

export type WebpayPayments = ReturnType<typeof createWebpayPayments>;
