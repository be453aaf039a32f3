import { AppError, KERNEL_ERRORS } from '@smarteros/kernel';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one error shape: { error: { code, message, details } }. Internals never reach the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'internal') request.log.error({ err }, 'internal error');
      const retryAfter = err.details?.retry_after_seconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      const challenge = request.routeOptions.config?.bearerChallenge;
      if (err.code === 'unauthorized' && challenge) reply.header('www-authenticate', challenge);
      return reply.status(err.status).send(err.toJSON());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues = err.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        return { path, message: v.message ?? 'invalid value' };
      });
      const first = issues[0];
      return reply.status(400).send(
        new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid request', { issues }).toJSON(),
      );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return reply.status(500).send(new AppError('internal', `Something went wrong on our side (request ${request.id})`).toJSON());
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(new AppError('payload_too_large', 'The request body is larger than 1 MB').toJSON());
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(new AppError('unsupported_media_type', 'Send the body as application/json').toJSON());
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(new AppError('validation_failed', 'body: a JSON body is required', { issues: [{ path: 'body', message: 'required' }] }).toJSON());
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.status(400).send(new AppError('validation_failed', 'Content-Length does not match the body').toJSON());
      default:
        break;
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(new AppError('rate_limited', 'Too many requests; try again later').toJSON());
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.status(400).send(new AppError('validation_failed', 'body: not valid JSON', { issues: [{ path: 'body', message: 'not valid JSON' }] }).toJSON());
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'validation_failed', message: 'The request could not be read' } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(KERNEL_ERRORS.internal.http).send(new AppError('internal', `Something went wrong on our side (request ${request.id})`).toJSON());
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`).toJSON());
  });
}
