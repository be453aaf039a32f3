import { AppError, DAY_MS, defineErrors, ERROR_KINDS, sha256Hex, type Clock, type CodesOf, type Database } from '@smarteros/kernel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Idempotency-Key on creating POSTs, with Stripe's semantics: the same key and the same body replay the first answer
 * (header Idempotent-Replayed: true); the same key with another body answers 422; a request still running with that
 * key answers 409. Keys are scoped to the caller and kept 24 hours. 5xx answers are not kept, so a retry runs again.
 */
export const IDEMPOTENCY_ERRORS = defineErrors({
  owner: 'apps/server',
  codes: {
    idempotency_in_progress: { ...ERROR_KINDS.conflict, words: { en: 'The same request is still being processed', es: 'La misma solicitud todavía se está procesando' } },
    idempotency_key_reused: { ...ERROR_KINDS.unprocessable, words: { en: 'This Idempotency-Key was used with another request', es: 'Esta Idempotency-Key ya se usó con otra solicitud' } },
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof IDEMPOTENCY_ERRORS> {}
}

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

export const IDEMPOTENCY_TTL_MS = DAY_MS;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

export function registerIdempotency(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  const { db, clock } = deps;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_RE.test(key)) {
      throw new AppError('validation_failed', 'Idempotency-Key: 1 to 255 visible ASCII characters', {
        issues: [{ path: 'headers.idempotency-key', message: 'invalid' }],
      });
    }
    const scope = request.principal ? `${request.principal.kind}:${request.principal.id}` : 'anonymous';
    const requestHash = sha256Hex(`${request.method} ${request.routeOptions.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`);
    const now = clock.now();
    const existing = await db.platform({ name: 'http.idempotency_claim', actor: scope, audit: false }, async (tx) => {
      await tx
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
        .execute();
      const inserted = await tx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: requestHash, created_at: now })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return undefined;
      return tx.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    });
    if (!existing) {
      request.idempotency = { scope, key };
      return;
    }
    if (existing.request_hash !== requestHash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with a different request', {
        issues: [{ path: 'headers.idempotency-key', message: 'already used with another body' }],
      });
    }
    if (existing.status_code == null) {
      throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
    }
    reply.header('idempotent-replayed', 'true');
    return reply.status(existing.status_code).send(existing.response);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    await db.platform({ name: 'http.idempotency_store', actor: claim.scope, audit: false }, async (tx) => {
      if (status >= 500) {
        await tx.deleteFrom('idempotency_keys').where('scope', '=', claim.scope).where('key', '=', claim.key).execute();
        return;
      }
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : 'null';
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      await tx
        .updateTable('idempotency_keys')
        .set({ status_code: status, response: JSON.stringify(body), completed_at: clock.now() })
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .execute();
    });
    return payload;
  });
}
