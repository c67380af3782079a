// Encryption of merchant secrets at rest: AES-256-GCM keys from the environment (current + previous for rotation), sealed values as `enc:v1:<kid>:<iv>:<tag>:<ct>`.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../carrier/config-error.ts';

/** The prefix of every sealed value (format version 1). */
export const SEALED_PREFIX = 'enc:v1:';

/** A key or a sealed value cannot be used: the message names the key id or the variable, never a secret. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** A sealed value does not decrypt: altered, or sealed under a key this keyring does not hold. */
export class SecretDecryptError extends Error {
  constructor(
    message: string,
    /** The key id written in the envelope. */
    readonly keyId: string,
    /** UNKNOWN_KEY: no key with that id is configured; TAMPERED: the key is known but the value does not authenticate. */
    readonly reason: 'UNKNOWN_KEY' | 'TAMPERED' | 'MALFORMED',
  ) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/** One 32-byte key and its id (first 8 base64url characters of its SHA-256, so that an envelope names its key without revealing it). */
interface Key {
  id: string;
  bytes: Buffer;
}

/**
 * Parses one key as written in the environment: 64 hex characters, or base64 / base64url of 32 bytes.
 * `name` (the variable) is used in the error message.
 */
export function parseSecretKey(text: string, name: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new SecretKeyError(
    `${name}: a key is 32 bytes written as 64 hex characters or as base64 (44 characters); generate one with: openssl rand -base64 32`,
  );
}

function keyOf(bytes: Buffer): Key {
  return { id: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes };
}

/** Whether a stored string is a sealed value. */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/**
 * The keys secrets are sealed and opened with: the current one seals, the current and the previous
 * ones open. A value is bound to its context (merchant id and field path, as AES-GCM associated data),
 * so a sealed value copied to another merchant or field does not open.
 */
export class SecretKeyring {
  private readonly current: Key;
  private readonly byId = new Map<string, Key>();

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    if (current.length !== 32) throw new SecretKeyError('the current secret key is not 32 bytes');
    this.current = keyOf(current);
    for (const bytes of [current, ...previous]) {
      if (bytes.length !== 32) throw new SecretKeyError('a previous secret key is not 32 bytes');
      const key = keyOf(bytes);
      if (!this.byId.has(key.id)) this.byId.set(key.id, key);
    }
  }

  /** The keyring of `LANJIE_SECRET_KEY` and `LANJIE_SECRET_KEY_PREVIOUS` (comma-separated); errors name the variable. */
  static fromEnv(current: string, previous?: string): SecretKeyring {
    const old = (previous ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s, i) => parseSecretKey(s, `LANJIE_SECRET_KEY_PREVIOUS (key ${i + 1})`));
    return new SecretKeyring(parseSecretKey(current, 'LANJIE_SECRET_KEY'), old);
  }

  /** A new random key, as base64 (what the sandbox keeps in its data folder). */
  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** Id of the key that seals. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** Seals a secret under the current key; `context` (e.g. `m-1/accounts.zto.appSecret`) must be given again to open it. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${SEALED_PREFIX}${this.current.id}:${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`;
  }

  /** Opens a sealed value; throws SecretDecryptError naming the key id when the key is unknown or the value was altered. */
  open(sealed: string, context: string): string {
    const parts = sealed.slice(SEALED_PREFIX.length).split(':');
    const [kid = '', ivText, tagText, ctText] = parts;
    if (!isSealed(sealed) || parts.length !== 4 || ivText === undefined || tagText === undefined || ctText === undefined)
      throw new SecretDecryptError(`${context}: not a sealed value of format enc:v1`, kid, 'MALFORMED');
    const key = this.byId.get(kid);
    if (!key)
      throw new SecretDecryptError(
        `${context}: sealed under key ${kid}, which is neither LANJIE_SECRET_KEY (${this.current.id}) nor in LANJIE_SECRET_KEY_PREVIOUS`,
        kid,
        'UNKNOWN_KEY',
      );
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== 12 || tag.length !== 16)
      throw new SecretDecryptError(`${context}: malformed IV or tag (key ${kid})`, kid, 'MALFORMED');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptError(
        `${context}: does not authenticate under key ${kid} (altered, or moved from another field)`,
        kid,
        'TAMPERED',
      );
    }
  }

  /** Whether a sealed value was sealed under the current key. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${SEALED_PREFIX}${this.current.id}:`);
  }
}

/**
 * The gateway's keyring: from `LANJIE_SECRET_KEY` (+ `_PREVIOUS`); in sandbox mode without one, the key kept
 * in `sandboxKeyFile` (generated on first start, mode 0600). Live mode without a key refuses to start.
 */
export function keyringFor(options: { key?: string; previous?: string; sandbox: boolean; sandboxKeyFile: string }): SecretKeyring {
  const wrap = (fn: () => SecretKeyring) => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof SecretKeyError)
        throw new ConfigError(`invalid environment: ${error.message}`, [{ path: 'LANJIE_SECRET_KEY', message: error.message }]);
      throw error;
    }
  };
  if (options.key) return wrap(() => SecretKeyring.fromEnv(options.key!, options.previous));
  if (!options.sandbox)
    throw new ConfigError(
      'LANJIE_SECRET_KEY is not set: live mode stores carrier secrets encrypted and needs a 32-byte key (openssl rand -base64 32); keep it outside the database',
      [{ path: 'LANJIE_SECRET_KEY', message: 'required in live mode' }],
    );
  let key: string;
  if (existsSync(options.sandboxKeyFile)) key = readFileSync(options.sandboxKeyFile, 'utf8').trim();
  else {
    key = SecretKeyring.generateKey();
    mkdirSync(dirname(options.sandboxKeyFile), { recursive: true });
    writeFileSync(options.sandboxKeyFile, `${key}\n`, { mode: 0o600 });
  }
  return wrap(() => SecretKeyring.fromEnv(key, options.previous));
}
