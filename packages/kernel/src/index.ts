// The kernel's one door. Modules and apps import from '@smarteros/kernel' only.
export {
  AppError,
  KERNEL_ERRORS,
  ERROR_KINDS,
  defineErrors,
  errorSpec,
  errorTable,
  constraintTable,
  isErrorCode,
  notFound,
  type ErrorCode,
  type ErrorSpec,
  type ErrorDefinitions,
  type ModuleErrorCodes,
  type CodesOf,
  type ConstraintMap,
} from './errors.ts';
export {
  defineConfig,
  loadConfigFrom,
  configDocs,
  configBool,
  configCsv,
  configInt,
  dataDirSecret,
  ConfigError,
  KERNEL_CONFIG,
  type ConfigVar,
  type ConfigVars,
  type ConfigValues,
  type ConfigContext,
  type ConfigFragment,
  type ConfigOf,
  type ConfigDocRow,
  type KernelConfig,
} from './config.ts';
export { defineModule, composePlatform, type ModuleManifest, type ModuleContext, type ModuleParts, type Job, type Platform, type PlatformServices, type PlatformConfig, type PlatformDeps, type ProvidedBy, type KernelServiceName } from './module.ts';
export {
  defineAction,
  createActionCatalog,
  inputJsonSchema,
  validationError,
  roleAtLeast,
  ROLES,
  ACTION_CALLERS,
  type Action,
  type ActionCatalog,
  type ActionCaller,
  type ActionContext,
  type ActionDefinition,
  type ActionKind,
  type ActionRunExtra,
  type ActionSource,
  type LocalizedText,
  type ObjectJsonSchema,
  type Role,
} from './action.ts';
export { systemClock, createManualClock, HOUR_MS, DAY_MS, type Clock } from './clock.ts';
export {
  parseRut,
  isValidRut,
  normalizeRut,
  formatRut,
  rutCheckDigit,
  rutFromBody,
  RUT_MAX_BODY,
  RUT_SEPARATORS,
  type RutParse,
  type RutProblem,
} from './rut.ts';
export { COMUNAS, REGIONS, findComuna, comunaNames, type Comuna, type Region } from './comunas.ts';
export { sha256Hex, randomToken, safeEqual, deriveKey, hmacBase64url, canonicalJson } from './crypto.ts';
export {
  parseMasterKeys,
  generateMasterKey,
  sealBytes,
  openBytes,
  newDataKey,
  wrapDataKey,
  unwrapDataKey,
  secretFingerprint,
  toKeyObject,
  VaultError,
  type MasterKeyRing,
} from './vault.ts';
export {
  openDatabase,
  recordPlatformAudit,
  createDatabaseFromPool,
  isUuid,
  APP_ROLE,
  PLATFORM_ROLE,
  type Database,
  type Tx,
  type PlatformOperation,
  type OpenDatabaseOptions,
} from './db/database.ts';
export { createPgPool, createPglitePool, type SqlPool, type SqlSession, type DriverKind } from './db/pool.ts';
export { migrate, migrateForApp, readMigrations, MigrationError, MIGRATIONS_DIR, type MigrationFile, type MigrateResult } from './db/migrate.ts';
export { mapDbError } from './db/errors.ts';
export { createBatchInsert, type BatchInsert, type BatchInsertOptions } from './db/batch-insert.ts';
export { createGroupCommit, type GroupCommit, type GroupCommitOptions } from './db/group-commit.ts';
export { cursorId, pageOfRows } from './db/page.ts';
export {
  emitEvent,
  emitEvents,
  createOutboxRelay,
  backoffMs,
  deliveryError,
  type OutboxEvent,
  type EventHandler,
  type DeliveryContext,
  type BatchDeliveryContext,
  type Subscription,
  type OutboxRelay,
  type OutboxRelayOptions,
  type DeliveryOutput,
  type DeliveryQuery,
  type DeliveryScope,
  type DeliveryStatus,
  type RetryInput,
  type SubscriberSummary,
} from './outbox.ts';
export { defineEvent, declaredEvents, configureEventValidation, checkEvent, type EventDefinition, type EventPayload } from './events.ts';
export * from './db/schema.ts';
export {
  createEgressGuard,
  parseEgressAllow,
  EGRESS_REFUSAL_REASONS,
  type EgressGuard,
  type EgressGuardOptions,
  type EgressFetchInit,
  type EgressLookup,
  type EgressAllowList,
  type EgressRefusalReason,
} from './egress/egress.ts';
export { deliveryStatus, deliveryOutput, deliveriesQuery, deliveriesPage, retryDeliveriesInput, retryDeliveriesOutput, subscriberSummary } from './outbox.schema.ts';
export { localeOf, wordError, wordSchemaIssue, formatMessage, phrase, roleName, genericMessage, DEFAULT_LOCALE, type Locale } from './messages.ts';
