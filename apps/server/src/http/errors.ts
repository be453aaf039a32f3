import { AppError, localeOf, phrase, wordError, wordSchemaIssue, type Locale } from '@smarteros/kernel';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

const ZOD_LOCALES = { es: z.locales.es(), en: z.locales.en() } as const;

type ZodLocaleIssue = Parameters<ReturnType<typeof z.locales.en>['localeError']>[0];

function valueAt(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * One zod issue worded in the locale. zod's own messages are worded by its locale (z.locales.es()); a message the
 * schema wrote itself (a custom English phrase) is worded from the catalog's phrases.
 */
function wordZodIssue(
  v: { keyword: string; instancePath: string; message?: string | undefined; params: Record<string, unknown> },
  input: unknown,
  locale: Locale,
): string {
  if (locale === 'en') return v.message ?? 'invalid value';
  const segments = v.instancePath.split('/').filter(Boolean);
  const issue = { ...v.params, code: v.keyword, path: segments, input: valueAt(input, segments), message: v.message } as unknown as ZodLocaleIssue;
  const english = ZOD_LOCALES.en.localeError(issue);
  const englishText = typeof english === 'string' ? english : english?.message;
  const own = v.message ?? 'invalid value';
  // zod's default words (with or without the received type it could not know) -> its locale; a custom phrase -> ours.
  const isDefault = englishText !== undefined && (englishText === own || own.replace(/received \w+$/, '') === englishText.replace(/received \w+$/, ''));
  if (isDefault) {
    const worded = ZOD_LOCALES[locale].localeError(issue);
    const text = typeof worded === 'string' ? worded : worded?.message;
    if (text) return text;
  }
  return phrase(own, locale);
}

/** Words an issue list `[{ path, message, ... }]` in the locale (paths and other fields stay). */
function wordIssues(issues: unknown, locale: Locale): unknown {
  if (locale === 'en' || !Array.isArray(issues)) return issues;
  return issues.map((i: unknown) => {
    if (!i || typeof i !== 'object') return i;
    const issue = i as { message?: unknown; keyword?: unknown; params?: unknown };
    if (typeof issue.message !== 'string') return i;
    const message =
      typeof issue.keyword === 'string' && issue.params && typeof issue.params === 'object'
        ? wordSchemaIssue(issue.keyword, issue.params as Record<string, unknown>, issue.message, locale)
        : phrase(issue.message, locale);
    return { ...i, message };
  });
}

/** The request's language: Accept-Language (es-CL by default, en). */
export const requestLocale = (request: FastifyRequest): Locale => localeOf(request.headers['accept-language']);

function send(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const locale = requestLocale(request);
  const details = err.details?.issues !== undefined ? { ...err.details, issues: wordIssues(err.details.issues, locale) } : err.details;
  let message = wordError(err.code, err.message, err.details, locale);
  // "<path>: <problem>" of the first issue: worded as that issue is.
  const first = Array.isArray(details?.issues) ? (details.issues[0] as { path?: unknown; message?: unknown } | undefined) : undefined;
  if (locale !== 'en' && first && typeof first.path === 'string' && typeof first.message === 'string' && err.message.startsWith(`${first.path}: `)) {
    message = `${first.path}: ${first.message}`;
  }
  reply.header('content-language', locale === 'en' ? 'en' : 'es-CL');
  return reply.status(err.status).send({ error: { code: err.code, message, ...(details ? { details } : {}) } });
}

/** The one error shape: { error: { code, message, details } }, message in the request's language. Internals never reach the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'internal') request.log.error({ err }, 'internal error');
      const retryAfter = err.details?.retry_after_seconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      const challenge = request.routeOptions.config?.bearerChallenge;
      if (err.code === 'unauthorized' && challenge) reply.header('www-authenticate', challenge);
      return send(request, reply, err);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const locale = requestLocale(request);
      const input = (request as unknown as Record<string, unknown>)[where];
      const issues = err.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        return { path, code: v.keyword, message: wordZodIssue(v, input, locale) };
      });
      const first = issues[0];
      reply.header('content-language', locale === 'en' ? 'en' : 'es-CL');
      return reply.status(400).send({
        error: { code: 'validation_failed', message: first ? `${first.path}: ${first.message}` : wordError('validation_failed', 'Invalid request', undefined, locale), details: { issues } },
      });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return send(request, reply, new AppError('internal', `Something went wrong on our side (request ${request.id})`, { request: request.id }));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(request, reply, new AppError('payload_too_large', 'The request body is larger than 1 MB'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(request, reply, new AppError('unsupported_media_type', 'Send the body as application/json'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(request, reply, new AppError('validation_failed', 'body: a JSON body is required', { issues: [{ path: 'body', message: 'required' }] }));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(request, reply, new AppError('validation_failed', 'Content-Length does not match the body'));
      default:
        break;
    }
    if (err.statusCode === 429) {
      return send(request, reply, new AppError('rate_limited', 'Too many requests; try again later'));
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return send(request, reply, new AppError('validation_failed', 'body: not valid JSON', { issues: [{ path: 'body', message: 'not valid JSON' }] }));
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const locale = requestLocale(request);
      return reply.status(err.statusCode).send({ error: { code: 'validation_failed', message: wordError('validation_failed', 'The request could not be read', undefined, locale) } });
    }
    request.log.error({ err }, 'unhandled error');
    return send(request, reply, new AppError('internal', `Something went wrong on our side (request ${request.id})`, { request: request.id }));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return send(request, reply, new AppError('not_found', `No route ${request.method} ${path}`, { method: request.method, path }));
  });
}
