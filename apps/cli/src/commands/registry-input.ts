import { readFileSync, statSync } from 'node:fs';
import { isUuid, KERNEL_ERRORS } from '@smarteros/kernel';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { CliError, invalid, type Context } from '../context.ts';
import { t } from '../i18n.ts';
import { promptHidden, readStdin } from '../prompt.ts';
import { tenantRef } from '../validate.ts';

/**
 * Input checks and readers shared by the provider, capability, gateway and vault commands. Every check runs before the
 * first request and names the option it refuses (exit code: validation). The server checks everything again.
 */

/** The same rule as the API's capabilityName (packages/modules/src/registry/registry.schema.ts). */
const CAPABILITY_NAME_RE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The API's limit on an OpenAPI document and on a secret. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const MAX_SECRET_CHARS = 4096;

/** --tenant: optional (a tenant credential acts on its own tenant); an id or a RUT in any spelling when given. */
export const tenantOpt = (value: string | undefined): string | undefined => (value === undefined ? undefined : tenantRef(value));

/** An http(s) URL without user:password, as the API requires. */
export function httpUrlArg(field: string, value: string): string {
  const v = value.trim();
  let ok: boolean;
  try {
    const u = new URL(v);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && v.length <= 2048;
  } catch {
    ok = false;
  }
  if (!ok) throw invalid(t('err.badUrl', field, value));
  return v;
}

export function capabilityNameArg(field: string, value: string): string {
  const v = value.trim();
  if (v.length > 64 || !CAPABILITY_NAME_RE.test(v)) throw invalid(t('err.badCapability', field, value));
  return v;
}

export function uuidArg(field: string, value: string): string {
  const v = value.trim();
  if (!isUuid(v)) throw invalid(t('err.badUuid', field, value));
  return v.toLowerCase();
}

/** `--expose listOrders=orders.list --expose getOrder=orders.get` -> [{ operation, capability_name }]. */
export function exposeArgs(values: readonly string[] | undefined): Array<{ operation: string; capability_name: string }> | undefined {
  if (!values || values.length === 0) return undefined;
  const seen = new Set<string>();
  return values.map((pair) => {
    const i = pair.lastIndexOf('=');
    const operation = i > 0 ? pair.slice(0, i).trim() : '';
    if (!operation || operation.length > 128 || i === pair.length - 1) throw invalid(t('err.badExpose', pair));
    const capability_name = capabilityNameArg('--expose', pair.slice(i + 1));
    if (seen.has(capability_name)) throw invalid(t('err.repeated', '--expose', capability_name));
    seen.add(capability_name);
    return { operation, capability_name };
  });
}

/** `a, b,c` -> ['a', 'b', 'c']. */
export const csvArg = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A text file (an OpenAPI document), read whole; errors name the option. */
export function readTextFile(field: string, file: string): string {
  let text: string;
  try {
    if (statSync(file).size > MAX_DOCUMENT_BYTES) throw invalid(t('err.fileTooLarge', field, file, MAX_DOCUMENT_BYTES / 1024 / 1024));
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw invalid(t('err.fileUnreadable', field, file, why));
  }
  if (!text.trim()) throw invalid(t('err.fileEmpty', field, file));
  return text;
}

/** A JSON object (a capability's input); anything else is refused naming the option. */
export function jsonObjectArg(field: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(t('err.badJson', field, (err as Error).message));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(t('err.notObject', field));
  return value as Record<string, unknown>;
}

/** --input '<json>' or --input-file F (- for stdin), not both; {} when neither. */
export async function readInput(opts: { input?: string; inputFile?: string }): Promise<Record<string, unknown>> {
  if (opts.input !== undefined && opts.inputFile !== undefined) throw invalid(t('err.oneOf', '--input', '--input-file'));
  if (opts.input !== undefined) return jsonObjectArg('--input', opts.input);
  if (opts.inputFile !== undefined) {
    const text = opts.inputFile === '-' ? await readStdin() : readTextFile('--input-file', opts.inputFile);
    return jsonObjectArg('--input-file', text);
  }
  return {};
}

export interface SecretOptions {
  secretStdin?: boolean;
  secretEnv?: string;
}

/** Checks where the secret will come from (before any request); the value is read later by readSecret. */
export function checkSecretSource(opts: SecretOptions): void {
  if (opts.secretStdin && opts.secretEnv !== undefined) throw invalid(t('err.oneOf', '--secret-stdin', '--secret-env'));
  if (opts.secretEnv !== undefined && !ENV_NAME_RE.test(opts.secretEnv)) throw invalid(t('err.badEnvName', opts.secretEnv));
  if (!opts.secretStdin && opts.secretEnv === undefined && !process.stdin.isTTY) throw invalid(t('err.secretRequired'));
}

/**
 * The credential's secret: from stdin (--secret-stdin), from the environment variable named by --secret-env, or asked
 * for on the terminal without echo. Never from an argument (shell history, `ps`), and never printed.
 */
export async function readSecret(opts: SecretOptions, auth: string, env: Record<string, string | undefined>): Promise<string> {
  checkSecretSource(opts);
  let secret: string;
  let source: string;
  if (opts.secretEnv !== undefined) {
    secret = env[opts.secretEnv] ?? '';
    if (!secret) throw invalid(t('err.secretEnvUnset', opts.secretEnv));
    source = '--secret-env';
  } else if (opts.secretStdin) {
    secret = await readStdin();
    source = '--secret-stdin';
  } else {
    secret = await promptHidden(t('prompt.secret', auth));
    source = 'secret';
  }
  if (!secret) throw invalid(t('err.secretEmpty', source));
  if (secret.length > MAX_SECRET_CHARS) throw invalid(t('err.secretTooLong'));
  return secret;
}

/** A provider by id, or by its name (looked up in the tenant's list). */
export async function resolveProvider(ctx: Context, tenant: string | undefined, ref: string): Promise<string> {
  const v = ref.trim();
  if (isUuid(v)) return v.toLowerCase();
  if (!v) throw invalid(t('err.providerNotFound', ref));
  const { items } = await ctx.api.listProviders(tenant);
  const found = items.filter((p) => p.name.toLowerCase() === v.toLowerCase());
  if (found.length > 1) throw invalid(t('err.providerAmbiguous', ref));
  if (!found[0]) throw new CliError(t('err.providerNotFound', ref), KERNEL_ERRORS.not_found.exit);
  return found[0].id;
}

/** The API asks platform admins for ?tenant_id=: say it with the option's name. */
function tenantMissing(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'validation_failed' && err.issues.some((i) => i.path === 'querystring.tenant_id');
}

/** Wraps a command's action so the API's "name the tenant" answer reads as a missing --tenant. */
export function withTenantHint<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (tenantMissing(err)) throw invalid(t('err.tenantRequired'));
      throw err;
    }
  };
}

/** Adds --tenant <id|rut> to a command. */
export const addTenantOption = (cmd: Command): Command => cmd.option('--tenant <tenant>', t('opt.tenantSel'));
