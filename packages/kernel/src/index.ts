// The kernel's one door. Modules and apps import from '@smarteros/kernel' only.
export { AppError, ERROR_CODES, isErrorCode, notFound, type ErrorCode } from './errors.ts';
export { loadConfig, ConfigError, CONFIG_DOCS, CONFIG_KEYS, type Config } from './config.ts';
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
export { cursorId, pageOfRows } from './db/page.ts';
export { emitEvent, createOutboxRelay, type OutboxEvent, type EventHandler } from './outbox.ts';
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
export { localeOf, wordError, wordSchemaIssue, formatMessage, phrase, roleName, genericMessage, DEFAULT_LOCALE, type Locale } from './messages.ts';
