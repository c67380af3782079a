// The China Post platform's SM4 envelope: logitcsInterface = "|$4|" + Base64(SM4-ECB(json + signKey)) — encryption, not a signature.
import { createCipheriv, createDecipheriv } from 'node:crypto';

/** Prefix of an SM4-ECB ciphertext on the platform (an AES-128 variant "|$|" exists in old code; not used). */
export const EMS_SM4_PREFIX = '|$4|';

/** Length in bytes of an SM4 key. */
export const EMS_SM4_KEY_BYTES = 16;

/**
 * The SM4 key of an account: the Base64-decoded `signKey` (16 bytes). Throws RangeError when the
 * signKey does not decode to exactly 16 bytes (the config schema refuses such keys first).
 */
export function emsSm4Key(signKey: string): Buffer {
  const key = Buffer.from(signKey.trim(), 'base64');
  if (key.length !== EMS_SM4_KEY_BYTES) throw new RangeError(`signKey must be the Base64 of ${EMS_SM4_KEY_BYTES} bytes, got ${key.length}`);
  return key;
}

/** Whether `signKey` is the Base64 of exactly 16 bytes (a valid SM4 key). */
export function isEmsSignKey(signKey: string): boolean {
  const text = signKey.trim();
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === EMS_SM4_KEY_BYTES;
}

/**
 * SM4-ECB of UTF-8 `plaintext` under the account key, as "|$4|" + Base64. Padding: PKCS#7 (Node's
 * default; the Java tool seen in public code asks for "SM4/ECB/PKCS5Padding", the same for 16-byte blocks).
 */
export function emsEncrypt(plaintext: string, signKey: string): string {
  const cipher = createCipheriv('sm4-ecb', emsSm4Key(signKey), null);
  return EMS_SM4_PREFIX + Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/**
 * The `logitcsInterface` form field of a request: the business JSON with the signKey appended as
 * text, encrypted with the key the signKey decodes to (reference §7, §18).
 */
export function encryptLogitcsInterface(businessJson: string, signKey: string): string {
  return emsEncrypt(businessJson + signKey, signKey);
}

/**
 * Decrypts a "|$4|" + Base64 ciphertext with the account key. Returns null when the prefix is missing,
 * the Base64 or the block length is wrong, or the padding does not check out (a wrong key, almost always).
 */
export function emsDecrypt(ciphertext: string, signKey: string): string | null {
  const text = ciphertext.trim();
  if (!text.startsWith(EMS_SM4_PREFIX)) return null;
  // A form decoder that was not told the value is URL-encoded turns '+' into ' ': put them back.
  const base64 = text.slice(EMS_SM4_PREFIX.length).replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv('sm4-ecb', emsSm4Key(signKey), null);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    // handled: null tells the caller the ciphertext is not ours; it rejects the message
    return null;
  }
}

/**
 * Decrypts a `logitcsInterface` and removes the signKey suffix when the sender appended one (requests
 * do; the pushes seen in public code are parsed as bare JSON, so the suffix is optional here).
 */
export function decryptLogitcsInterface(ciphertext: string, signKey: string): string | null {
  const plain = emsDecrypt(ciphertext, signKey);
  if (plain === null) return null;
  return plain.endsWith(signKey) ? plain.slice(0, plain.length - signKey.length) : plain;
}
