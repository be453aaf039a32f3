import { defineModule, type ModuleManifest } from '@smarteros/kernel';
import { aiModule } from '@smarteros/modules/ai';
import { chatModule } from '@smarteros/modules/chat';
import { erpModule } from '@smarteros/modules/erp';
import { gatewayModule } from '@smarteros/modules/gateway';
import { identityModule } from '@smarteros/modules/identity';
import { mcpModule } from '@smarteros/modules/mcp';
import { notifyModule } from '@smarteros/modules/notify';
import { registryModule } from '@smarteros/modules/registry';
import { tenancyModule } from '@smarteros/modules/tenancy';
import { IDEMPOTENCY_ERRORS } from './http/idempotency.ts';

/** The kernel's own tables. */
export const kernelModule = defineModule({ name: 'kernel', tables: ['outbox', 'outbox_deliveries', 'platform_audit', 'schema_migrations'] });

/** The server's own parts: idempotency keys of creating requests. */
export const serverModule = defineModule({ name: 'apps/server', tables: ['idempotency_keys'], errors: IDEMPOTENCY_ERRORS });

/**
 * The modules the platform runs, in the dependency order of docs/architecture.md. A new module adds one line here
 * (its manifest) and one in the dependency order; its tables, error codes and configuration join from its door.
 */
export const MODULES = [notifyModule, tenancyModule, identityModule, registryModule, gatewayModule, aiModule, mcpModule, chatModule, erpModule] as const satisfies readonly ModuleManifest[];

/** Every part that owns tables, the kernel and the server included (table ownership, docs). */
export const TABLE_OWNERS: readonly ModuleManifest[] = [kernelModule, ...MODULES, serverModule];
