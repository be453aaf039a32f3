import { AppError, type Action, type ActionCaller, type ActionSource, type ObjectJsonSchema, defineAction } from '@smarteros/kernel';
import type { GatewaySource } from './gateway.tables.ts';
import type { RegistryService } from '../registry/index.ts';
import type { GatewayService } from './gateway.service.ts';
import { requestLogSummary, requestLogSummaryQuery } from './gateway.schema.ts';
import { perMinute } from './rate-limit.ts';
import type { RequestLog } from './request-log.ts';

/** The gateway module's actions: a summary of the company's calls through the gateway. */
export function createGatewayActions(deps: { requestLog: RequestLog }): Action[] {
  const { requestLog } = deps;
  return [
    defineAction({
      name: 'smarteros.request_log_summary',
      title: { es: 'Resumen de llamadas', en: 'Call summary' },
      description: "Calls, errors and latency per capability through the company's API gateway (default: the last 24 hours).",
      input: requestLogSummaryQuery.strict(),
      output: requestLogSummary,
      kind: 'read',
      minRole: 'viewer',
      run: (ctx, input) => requestLog.summary(ctx.tenantId, input),
    }),
  ];
}

const GATEWAY_SOURCE: Record<ActionCaller, GatewaySource> = { mcp: 'mcp', api: 'api', cli: 'cli', assistant: 'assistant', automation: 'automation' };

/**
 * A tenant's enabled registry capabilities as actions: their schema_in is already JSON Schema, and they run through
 * gateway.invoke, which checks the input against it (Ajv) before any call upstream, and enforces their roles.
 */
export function createCapabilityActionSource(deps: { registry: RegistryService; gateway: GatewayService }): ActionSource {
  const { registry, gateway } = deps;
  return {
    name: 'capabilities',
    async actions(tenantId) {
      const capabilities = await registry.listCapabilities(tenantId);
      return capabilities
        .filter((c) => c.enabled)
        .map((c): Action => ({
          name: c.capability_name,
          title: { es: c.capability_name, en: c.capability_name },
          description: c.description ?? `${c.endpoint.method} ${c.endpoint.path} (${c.provider.name})`,
          kind: c.kind,
          minRole: c.kind === 'write' ? 'agent' : 'viewer',
          inputSchema: c.schema_in as ObjectJsonSchema,
          origin: 'capability',
          requiresConfirmation: c.requires_confirmation,
          effect: { method: c.endpoint.method, path: c.endpoint.path, provider: c.provider.name },
          takesBudget: true,
          parse(input) {
            if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
              throw new AppError('validation_failed', 'input: must be an object', { issues: [{ path: 'input', message: 'must be an object' }] });
            }
            return input ?? {};
          },
          run: (ctx, input, extra) =>
            gateway.invoke({
              tenantId: ctx.tenantId,
              principal: ctx.principal,
              principalLabel: ctx.principalLabel,
              name: c.capability_name,
              input,
              source: GATEWAY_SOURCE[ctx.source],
              ...(extra?.budget ? { extraLimits: [{ key: extra.budget.key, rule: perMinute(extra.budget.perMinute) }] } : {}),
            }),
        }));
    },
    onChange(listener) {
      registry.onChange(listener);
    },
  };
}
