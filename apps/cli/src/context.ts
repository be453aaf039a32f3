import { AppError, ConfigError, errorSpec, isErrorCode, KERNEL_ERRORS, MigrationError } from '@smarteros/kernel';
import type { Command } from 'commander';
import { ApiError, createApiClient, NetworkError, type ApiClient } from './api-client.ts';
import { DEFAULT_URL, isExpired, loadCredentials, sameServer, type Credentials } from './credentials.ts';
import { t } from './i18n.ts';
import { createOutput, formatDate, type Output } from './output.ts';

/** The options every command accepts (declared on the program). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
  lang?: string;
}

export type TokenSource = 'flag' | 'env' | 'login' | 'none';

/** What a command runs with: where the server is, which credential, the API client and the output. */
export interface Context {
  url: string;
  token: string | undefined;
  tokenSource: TokenSource;
  /** The stored login when it is the credential in use (or would have been, but expired). */
  login: Credentials | undefined;
  api: ApiClient;
  out: Output;
  json: boolean;
  env: Record<string, string | undefined>;
}

/** A problem the CLI found itself (bad input, missing option): a message, an exit code, maybe a hint. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Exit code for invalid input, from the one table (errorSpec). */
export const EXIT_INVALID = KERNEL_ERRORS.validation_failed.exit;

export const invalid = (message: string, hint?: string): CliError => new CliError(message, EXIT_INVALID, hint);

/**
 * --url, else $SMARTEROS_URL, else the stored login's server, else http://localhost:3000.
 * --token, else $SMARTEROS_TOKEN, else the stored login (when it is for that server and has not expired).
 */
export function resolveTarget(
  opts: GlobalOptions,
  env: Record<string, string | undefined>,
  stored: Credentials | undefined,
  now: Date = new Date(),
): { url: string; token: string | undefined; tokenSource: TokenSource; login: Credentials | undefined } {
  const url = (opts.url || env.SMARTEROS_URL || stored?.url || DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/i.test(url)) throw invalid(t('err.invalidUrl', url));
  if (opts.token) return { url, token: opts.token, tokenSource: 'flag', login: undefined };
  if (env.SMARTEROS_TOKEN) return { url, token: env.SMARTEROS_TOKEN, tokenSource: 'env', login: undefined };
  if (stored && sameServer(stored.url, url)) {
    return isExpired(stored, now)
      ? { url, token: undefined, tokenSource: 'none', login: stored }
      : { url, token: stored.token, tokenSource: 'login', login: stored };
  }
  return { url, token: undefined, tokenSource: 'none', login: undefined };
}

let lastContext: Context | undefined;

/** Builds the context from the command's options (its own and the program's). */
export function contextOf(cmd: Command, env: Record<string, string | undefined> = process.env): Context {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const target = resolveTarget(opts, env, loadCredentials(env));
  const json = Boolean(opts.json);
  const timeout = Number(env.SMARTEROS_TIMEOUT_MS);
  const ctx: Context = {
    ...target,
    api: createApiClient({ baseUrl: target.url, token: target.token, ...(Number.isInteger(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}) }),
    out: createOutput(json),
    json,
    env,
  };
  lastContext = ctx;
  return ctx;
}

/**
 * The modules' error codes (tenancy's rut_taken, …) join the one table when their doors load. The HTTP commands start
 * without them (they are half a second of imports); whoever reports an error loads them first, so an answer's code maps
 * to its exit code here as it does in the server.
 */
export async function loadErrorTable(): Promise<void> {
  await import('@smarteros/server/modules');
}

/** Loads the table when an error's code is not in it yet (a module's code); CLI-side and kernel errors need nothing. */
export async function loadErrorTableFor(err: unknown): Promise<void> {
  const code = err instanceof ApiError || err instanceof AppError ? err.code : undefined;
  if (typeof code === 'string' && !isErrorCode(code)) await loadErrorTable();
}

/** Prints `error: <message>` (with field issues and a hint) on stderr and answers the exit code (see loadErrorTable). */
export function reportError(err: unknown, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const prefix = t('err.prefix');
  if (err instanceof ApiError) {
    write(`${prefix}: ${err.message}`);
    for (const issue of err.issues) {
      const line = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
      if (line !== err.message) write(`  - ${line}`);
    }
    if (err.code === 'trial_already_used') write(t('hint.trialUsed'));
    if (err.status === 401 || err.code === 'unauthorized') {
      const login = lastContext?.login;
      write(login && lastContext?.tokenSource === 'none' && isExpired(login) ? t('hint.loginExpired', formatDate(login.expires_at)) : t('hint.login'));
    }
    return isErrorCode(err.code) ? errorSpec(err.code).exit : 1;
  }
  if (err instanceof NetworkError) {
    switch (err.problem) {
      case 'refused':
        write(`${prefix}: ${t('err.connectionRefused', err.url)}`);
        write(t('hint.startServer'));
        return KERNEL_ERRORS.unavailable.exit;
      case 'not_found':
        write(`${prefix}: ${t('err.hostNotFound', err.url)}`);
        write(t('hint.startServer'));
        return KERNEL_ERRORS.unavailable.exit;
      case 'timeout':
        write(`${prefix}: ${t('err.timeout', err.url, Math.round((err.timeoutMs ?? 0) / 1000))}`);
        return KERNEL_ERRORS.unavailable.exit;
      case 'not_json':
        write(`${prefix}: ${t('err.notJson', err.url, err.status ?? 0)}`);
        return 1;
      default:
        write(`${prefix}: ${t('err.network', err.url, err.message)}`);
        return KERNEL_ERRORS.unavailable.exit;
    }
  }
  if (err instanceof CliError) {
    write(`${prefix}: ${err.message}`);
    if (err.hint) write(err.hint);
    return err.exitCode;
  }
  if (err instanceof AppError) {
    write(`${prefix}: ${err.message}`);
    return errorSpec(err.code).exit;
  }
  if (err instanceof ConfigError || err instanceof MigrationError) {
    write(`${prefix}: ${err.message}`);
    return 1;
  }
  // Anything else (a driver error, a bug): the message; the stack with SMARTEROS_DEBUG=1.
  const debug = Boolean(process.env.SMARTEROS_DEBUG);
  write(`${prefix}: ${err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err)}`);
  return 1;
}
