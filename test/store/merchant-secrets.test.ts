// Merchant secrets at rest: sealed in the stored row, opened on read, tamper and wrong key as typed errors, key rotation with rekey, plaintext rows of before still read.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/server/config.ts';
import { keyringFor, parseSecretKey, SecretDecryptError, SecretKeyError, SecretKeyring } from '../../src/merchants/secret-box.ts';
import { StoreMerchantDirectory } from '../../src/merchants/store-merchants.ts';
import { ConfigError } from '../../src/carrier/config-error.ts';
import { TestClock } from '../../src/clock/index.ts';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGETS, storePerTest } from './targets.ts';
import { startGateway } from '../../src/server/gateway.ts';
import { rekeyMerchants } from '../../src/cli/rekey-command.ts';
import { openStore } from '../../src/store/connect.ts';

const KEY_A = 'a'.repeat(64);
const KEY_B = Buffer.alloc(32, 7).toString('base64');
const APP_SECRET = 'zto-app-secret-PLAINTEXT-1';
const WEBHOOK_SECRET = 'webhook-secret-PLAINTEXT-0123';
const merchant = {
  id: 'm-1',
  accounts: {
    zto: { baseUrl: 'https://japi.zto.com', appKey: 'zto-app-key-PLAINTEXT', appSecret: APP_SECRET },
    douyin: { appKey: 'k', appSecret: 'douyin-app-secret-PLAINTEXT', shopId: 'shop-1', accessToken: 'tok-PLAINTEXT' },
  },
  webhook: { url: 'https://merchant.example/hook', secret: WEBHOOK_SECRET },
};

describe('secret keyring', () => {
  it('seals and opens a value, bound to its context', () => {
    const ring = new SecretKeyring(parseSecretKey(KEY_A, 'K'));
    const sealed = ring.seal('s3cret', 'm-1/accounts.zto.appSecret');
    expect(sealed).toMatch(new RegExp(`^enc:v1:${ring.currentKeyId}:[\\w-]{16}:[\\w-]{22}:[\\w-]+$`));
    expect(ring.seal('s3cret', 'm-1/accounts.zto.appSecret')).not.toBe(sealed);
    expect(ring.open(sealed, 'm-1/accounts.zto.appSecret')).toBe('s3cret');
    expect(() => ring.open(sealed, 'm-2/accounts.zto.appSecret')).toThrow(SecretDecryptError);
  });

  it('a tampered value is a TAMPERED error, a value of an unknown key an UNKNOWN_KEY error naming the key id', () => {
    const a = new SecretKeyring(parseSecretKey(KEY_A, 'K'));
    const b = new SecretKeyring(parseSecretKey(KEY_B, 'K'));
    const sealed = a.seal('s3cret', 'ctx');
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[5]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    const tampered = [...parts.slice(0, 5), ct.toString('base64url')].join(':');
    const caught = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      throw new Error('no error');
    };
    const t = caught(() => a.open(tampered, 'ctx'));
    expect(t).toBeInstanceOf(SecretDecryptError);
    expect(t).toMatchObject({ reason: 'TAMPERED', keyId: a.currentKeyId });
    const w = caught(() => b.open(sealed, 'ctx'));
    expect(w).toMatchObject({ reason: 'UNKNOWN_KEY', keyId: a.currentKeyId });
    expect((w as Error).message).toContain(a.currentKeyId);
  });

  it('keys are 64 hex characters or base64 of 32 bytes; anything else is refused at start naming the variable', () => {
    expect(parseSecretKey(KEY_A, 'K')).toHaveLength(32);
    expect(parseSecretKey(KEY_B, 'K')).toHaveLength(32);
    expect(() => parseSecretKey('short', 'LANJIE_SECRET_KEY')).toThrow(SecretKeyError);
    expect(() => loadEnv({ LANJIE_SECRET_KEY: 'too-short' })).toThrow(/LANJIE_SECRET_KEY: .*32 bytes/);
    expect(() => loadEnv({ LANJIE_SECRET_KEY: KEY_A, LANJIE_SECRET_KEY_PREVIOUS: `${KEY_B},nope` })).toThrow(
      /LANJIE_SECRET_KEY_PREVIOUS: .*key 2/,
    );
    expect(loadEnv({ LANJIE_SECRET_KEY: KEY_A, LANJIE_SECRET_KEY_PREVIOUS: KEY_B }).LANJIE_SECRET_KEY).toBe(KEY_A);
  });

  it('live mode without a key refuses to start; the sandbox generates one and keeps it in its data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-key-'));
    const file = join(dir, 'sandbox-secret.key');
    expect(() => keyringFor({ sandbox: false, sandboxKeyFile: file })).toThrow(ConfigError);
    expect(() => keyringFor({ sandbox: false, sandboxKeyFile: file })).toThrow(/LANJIE_SECRET_KEY is not set/);
    const first = keyringFor({ sandbox: true, sandboxKeyFile: file });
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = keyringFor({ sandbox: true, sandboxKeyFile: file });
    expect(again.currentKeyId).toBe(first.currentKeyId);
    expect(again.open(first.seal('x', 'c'), 'c')).toBe('x');
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(44);
  });
});

describe('lanjie merchants rekey and the gateway start', () => {
  it('rekey rewrites the store of a data folder under LANJIE_SECRET_KEY, reading the previous key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-rekey-'));
    const url = `sqlite:${join(dir, 'lanjie.db')}`;
    let store = await openStore({ url });
    await (await new StoreMerchantDirectory(store, new TestClock('2026-06-01T02:00:00.000Z'), SecretKeyring.fromEnv(KEY_A)).load()).put(
      merchant,
    );
    await store.close();
    await expect(rekeyMerchants({ dataDir: dir }, {})).rejects.toThrow(/LANJIE_SECRET_KEY is not set/);
    const done = await rekeyMerchants({ dataDir: dir }, { LANJIE_SECRET_KEY: KEY_B, LANJIE_SECRET_KEY_PREVIOUS: KEY_A });
    expect(done).toEqual({ merchants: ['m-1'], keyId: SecretKeyring.fromEnv(KEY_B).currentKeyId });
    store = await openStore({ url });
    try {
      const onlyNew = await new StoreMerchantDirectory(
        store,
        new TestClock('2026-06-01T02:00:00.000Z'),
        SecretKeyring.fromEnv(KEY_B),
      ).load();
      expect(onlyNew.get('m-1')?.accounts).toEqual(merchant.accounts);
    } finally {
      await store.close();
    }
  });

  it('a live gateway without LANJIE_SECRET_KEY refuses to start with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-live-'));
    const env = loadEnv({ PORT: '0', LANJIE_DATA_DIR: dir, LANJIE_LOG_LEVEL: 'silent' });
    await expect(startGateway({ env, config: { merchants: [] }, sandbox: false })).rejects.toThrow(/LANJIE_SECRET_KEY is not set/);
  });
});

for (const target of TARGETS) {
  describe(`merchant secrets at rest on ${target.label}`, () => {
    const storeOf = storePerTest(target);
    const clock = new TestClock('2026-06-01T02:00:00.000Z');
    const rawRow = async (store: Awaited<ReturnType<typeof storeOf>>['store'], id: string) =>
      (await store.db.selectFrom('merchants').select('config_json').where('id', '=', id).executeTakeFirstOrThrow()).config_json;

    it('the stored row holds no plaintext secret; reading opens every one', async (ctx) => {
      const { store } = await storeOf(ctx);
      const ring = SecretKeyring.fromEnv(KEY_A);
      const a = await new StoreMerchantDirectory(store, clock, ring).load();
      await a.put(merchant);
      const raw = await rawRow(store, 'm-1');
      for (const secret of [APP_SECRET, WEBHOOK_SECRET, 'zto-app-key-PLAINTEXT', 'douyin-app-secret-PLAINTEXT', 'tok-PLAINTEXT'])
        expect(raw).not.toContain(secret);
      // Public fields stay readable.
      expect(raw).toContain('https://japi.zto.com');
      expect(raw).toContain('shop-1');
      expect(JSON.parse(raw).accounts.zto.appSecret).toMatch(/^enc:v1:/);
      const b = await new StoreMerchantDirectory(store, clock, SecretKeyring.fromEnv(KEY_A)).load();
      expect(b.get('m-1')?.accounts).toEqual(merchant.accounts);
      expect(b.get('m-1')?.webhook?.secret).toBe(WEBHOOK_SECRET);
      expect((await b.fetch('m-1'))?.accounts).toEqual(merchant.accounts);
    });

    it('a row read with the wrong key or altered is a typed error naming the key id; refresh reports it and keeps the last good copy', async (ctx) => {
      const { store } = await storeOf(ctx);
      const ring = SecretKeyring.fromEnv(KEY_A);
      const a = await new StoreMerchantDirectory(store, clock, ring).load();
      await a.put(merchant);
      const wrong = new StoreMerchantDirectory(store, clock, SecretKeyring.fromEnv(KEY_B));
      await expect(wrong.load()).rejects.toBeInstanceOf(SecretDecryptError);
      await expect(wrong.load()).rejects.toThrow(ring.currentKeyId);
      const raw = JSON.parse(await rawRow(store, 'm-1'));
      raw.accounts.zto.appSecret = raw.accounts.douyin.appSecret; // a sealed value moved to another field
      await store.db
        .updateTable('merchants')
        .set({ config_json: JSON.stringify(raw) })
        .where('id', '=', 'm-1')
        .execute();
      await expect(a.fetch('m-1')).rejects.toMatchObject({ name: 'SecretDecryptError', reason: 'TAMPERED' });
      const refreshed = await a.refresh();
      expect(refreshed.invalid).toEqual([{ id: 'm-1', message: expect.stringContaining('does not authenticate') }]);
      expect(a.get('m-1')?.accounts).toEqual(merchant.accounts);
    });

    it('rotation: the previous key still reads, rekey rewrites every merchant under the new key, then the old key can go', async (ctx) => {
      const { store } = await storeOf(ctx);
      const old = SecretKeyring.fromEnv(KEY_A);
      await (await new StoreMerchantDirectory(store, clock, old).load()).put(merchant);
      await (await new StoreMerchantDirectory(store, clock, old).load()).put({
        id: 'm-2',
        accounts: { sf: { partnerId: 'p', checkWord: 'cw-PLAIN' } },
      });
      const rotated = SecretKeyring.fromEnv(KEY_B, KEY_A);
      const dir = await new StoreMerchantDirectory(store, clock, rotated).load();
      expect(dir.get('m-1')?.accounts).toEqual(merchant.accounts);
      expect(await dir.rekey()).toEqual(['m-1', 'm-2']);
      for (const id of ['m-1', 'm-2']) {
        const raw = await rawRow(store, id);
        expect(raw).not.toContain(`enc:v1:${old.currentKeyId}:`);
        expect(raw).toContain(`enc:v1:${rotated.currentKeyId}:`);
      }
      const onlyNew = await new StoreMerchantDirectory(store, clock, SecretKeyring.fromEnv(KEY_B)).load();
      expect(onlyNew.get('m-1')?.accounts).toEqual(merchant.accounts);
      expect(onlyNew.get('m-2')?.accounts).toEqual({ sf: { partnerId: 'p', checkWord: 'cw-PLAIN' } });
    });

    it('a plaintext row written before encryption is read, and sealed on its next write or by rekey', async (ctx) => {
      const { store } = await storeOf(ctx);
      const legacy = await new StoreMerchantDirectory(store, clock).load();
      await legacy.put(merchant);
      await legacy.put({ id: 'm-2', accounts: { sf: { partnerId: 'p', checkWord: 'cw-PLAIN' } } });
      expect(await rawRow(store, 'm-1')).toContain(APP_SECRET);
      const ring = SecretKeyring.fromEnv(KEY_A);
      const dir = await new StoreMerchantDirectory(store, clock, ring).load();
      expect(dir.get('m-1')?.accounts).toEqual(merchant.accounts);
      await dir.update('m-1', (m) => ({ ...m, name: 'renamed' }));
      expect(await rawRow(store, 'm-1')).not.toContain(APP_SECRET);
      expect(await rawRow(store, 'm-2')).toContain('cw-PLAIN');
      await dir.rekey();
      expect(await rawRow(store, 'm-2')).not.toContain('cw-PLAIN');
      // A sealed row without a keyring is an error, not a secret read as its envelope.
      await expect(new StoreMerchantDirectory(store, clock).load()).rejects.toThrow(/sealed and no LANJIE_SECRET_KEY/);
    });
  });
}
