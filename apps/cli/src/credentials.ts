import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `smarteros login` keeps: the server, its access token and when the token stops working. */
export interface Credentials {
  url: string;
  token: string;
  expires_at: string;
}

export const DEFAULT_URL = 'http://localhost:3000';

/** $SMARTEROS_CONFIG_DIR, else ~/.config/smarteros (or $XDG_CONFIG_HOME/smarteros). */
export function configDir(env: Record<string, string | undefined> = process.env): string {
  if (env.SMARTEROS_CONFIG_DIR) return env.SMARTEROS_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'smarteros');
}

export function credentialsPath(env: Record<string, string | undefined> = process.env): string {
  return join(configDir(env), 'credentials.json');
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.url === 'string' && typeof v.token === 'string' && typeof v.expires_at === 'string';
}

/** The stored login, or undefined when there is none (or the file is unreadable). */
export function loadCredentials(env: Record<string, string | undefined> = process.env): Credentials | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(credentialsPath(env), 'utf8'));
    return isCredentials(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the file with mode 0600 (directory 0700), atomically: other users never see the token, not even briefly. */
export function saveCredentials(credentials: Credentials, env: Record<string, string | undefined> = process.env): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = credentialsPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return file;
}

/** Removes the stored login; answers whether there was one. */
export function deleteCredentials(env: Record<string, string | undefined> = process.env): boolean {
  const file = credentialsPath(env);
  try {
    readFileSync(file);
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return true;
}

export const sameServer = (a: string, b: string): boolean => normalizeUrl(a) === normalizeUrl(b);

/** `http://localhost:3000/` and `http://localhost:3000` are the same server. */
export function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export const isExpired = (c: Credentials, now: Date = new Date()): boolean => {
  const at = Date.parse(c.expires_at);
  return Number.isFinite(at) && at <= now.getTime();
};
