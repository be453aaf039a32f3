import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Envelope encryption for the vault. A master key (from SMARTEROS_MASTER_KEY, never in the database) wraps one data key
 * per tenant; the data key encrypts that tenant's secrets. Both layers are AES-256-GCM with additional authenticated
 * data that binds a ciphertext to where it belongs (a tenant, a credential), so a blob copied to another row or tenant
 * does not decrypt. Rotating the master key re-wraps the data keys only; the secrets are untouched.
 *
 * node:crypto does AES-GCM natively (OpenSSL); no library is needed for these two functions.
 *
 * Blob layout (both layers): version (1 byte, 1) | iv (12 bytes) | tag (16 bytes) | ciphertext.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

export interface MasterKeyRing {
  /** The key new data keys are wrapped with. */
  readonly current: { readonly id: string; readonly key: Buffer };
  /** Every configured key id, the current one first. */
  readonly ids: readonly string[];
  get(id: string): Buffer | undefined;
}

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new VaultError(`a master key must be 32 bytes (base64 or 64 hex characters); one has ${key.length}`);
  return key;
}

/** The id of a key given without one: derived from the key, so every server names it the same. */
const derivedKeyId = (key: Buffer): string => `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;

/**
 * Parses SMARTEROS_MASTER_KEY: `id:key[,id:key...]`, the current key first; `key` is 32 bytes in base64 or hex.
 * A key given without an id gets one derived from it. Error messages never contain key material.
 */
export function parseMasterKeys(value: string): MasterKeyRing {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new VaultError('no key given');
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const key = decodeKey(colon === -1 ? entry : entry.slice(colon + 1));
    const id = colon === -1 ? derivedKeyId(key) : entry.slice(0, colon).trim();
    if (!KEY_ID_RE.test(id)) throw new VaultError(`key id "${id.slice(0, 40)}" must be 1-32 letters, digits, _ or -`);
    if (keys.has(id)) throw new VaultError(`key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const ids = [...keys.keys()];
  const currentId = ids[0]!;
  return { current: { id: currentId, key: keys.get(currentId)! }, ids, get: (id) => keys.get(id) };
}

/** A new master key in the SMARTEROS_MASTER_KEY format (`id:base64`). */
export function generateMasterKey(): string {
  const key = randomBytes(KEY_BYTES);
  return `${derivedKeyId(key)}:${key.toString('base64')}`;
}

/**
 * A key as a KeyObject: node:crypto checks a raw Buffer key anew on every cipher it makes (measurably, on the gateway's
 * hot path), and a KeyObject once. Keys held for long (the vault's data keys) are kept in this form.
 */
export const toKeyObject = (key: Buffer): KeyObject => createSecretKey(key);

type CipherKey = Buffer | KeyObject;

export function sealBytes(key: CipherKey, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function openBytes(key: CipherKey, blob: Buffer, aad: string): Buffer {
  if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== VERSION) throw new VaultError('the ciphertext is not in a known format');
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new VaultError('the ciphertext does not decrypt with this key (wrong key, or it was moved or altered)');
  }
}

/** A fresh data key (AES-256). */
export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

/** Wraps a tenant's data key with the current master key; the AAD binds it to the tenant. */
export function wrapDataKey(ring: MasterKeyRing, dataKey: Buffer, tenantId: string): { masterKeyId: string; wrapped: Buffer } {
  return { masterKeyId: ring.current.id, wrapped: sealBytes(ring.current.key, dataKey, `data-key:${tenantId}`) };
}

export function unwrapDataKey(ring: MasterKeyRing, masterKeyId: string, wrapped: Buffer, tenantId: string): Buffer {
  const master = ring.get(masterKeyId);
  if (!master) throw new VaultError(`master key "${masterKeyId}" is not configured (SMARTEROS_MASTER_KEY); add it back or restore it`);
  return openBytes(master, wrapped, `data-key:${tenantId}`);
}

/**
 * A fingerprint to tell secrets apart without revealing them: HMAC-SHA256 under the tenant's data key (so it cannot be
 * checked against guesses without the key), 16 hex characters.
 */
export const secretFingerprint = (dataKey: Buffer, secret: string): string =>
  createHmac('sha256', dataKey).update(`fingerprint:${secret}`).digest('hex').slice(0, 16);
