// YTO pushes sign only logistics_interface: a push whose unsigned clientId / type are missing or not the account's is refused, and a replay with other unsigned fields is the same inbox row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorKits } from '../../mocks/index.ts';
import { ytoPushDigest } from '../../carriers/yto/sign.ts';
import { counts, testGateway, type TestGateway } from './harness.ts';

const XML =
  '<UpdateInfo><logisticProviderID>YTO</logisticProviderID><mailNo>YT2600216627986</mailNo><infoType>STATUS</infoType><infoContent>GOT</infoContent><acceptTime>2024-06-01 10:00:05</acceptTime></UpdateInfo>';

describe('YTO push fields outside the digest (issue 19)', () => {
  let t: TestGateway;
  let account: { customerCode: string; secret: string };
  beforeAll(async () => {
    t = await testGateway();
    const sim = t.gw.sandbox!.simulators.find((s) => s.carrierId === 'yto')!;
    account = simulatorKits.yto!.pluginConfig(sim.server.url) as { customerCode: string; secret: string };
  });
  afterAll(async () => {
    await t.stop();
  });

  const send = (fields: Record<string, string | undefined>) =>
    t.call({
      method: 'POST',
      url: '/v1/push/yto/sandbox',
      key: null,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      payload: new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)).toString(),
    });
  const genuine = () => ({
    logistics_interface: XML,
    data_digest: ytoPushDigest(XML, account.secret),
    clientId: account.customerCode,
    type: 'online',
  });
  const inboxRows = async () =>
    (await t.gw.store.db.selectFrom('inbox').selectAll().execute()).filter((r) => r.source === 'push:yto:sandbox');

  it('refuses a signed push with clientId or type removed or changed, like a bad digest, storing nothing', async () => {
    const before = await counts(t.gw);
    for (const altered of [
      { ...genuine(), clientId: undefined },
      { ...genuine(), clientId: 'K-SOMEONE-ELSE' },
      { ...genuine(), type: undefined },
      { ...genuine(), type: 'offline' },
    ]) {
      const res = await send(altered);
      expect(res.statusCode, JSON.stringify(altered)).toBe(401);
      expect(res.json().error.code).toBe('PUSH_REJECTED');
    }
    expect(await counts(t.gw)).toEqual(before);
  });

  it('stores the genuine push once: a replay with extra or re-ordered unsigned fields is a duplicate, not a new row', async () => {
    const first = await send(genuine());
    expect(first.statusCode, first.body).toBe(200);
    expect(await inboxRows()).toHaveLength(1);
    const { logistics_interface, data_digest, clientId, type } = genuine();
    for (const replay of [
      { type, clientId, data_digest, logistics_interface },
      { ...genuine(), extra: 'anything' },
      { ...genuine(), data_digest: data_digest.replaceAll('+', ' ') },
    ]) {
      const res = await send(replay);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('<success>true</success>');
      expect(res.headers['x-lanjie-duplicate']).toMatch(/nothing applied/);
    }
    expect(await inboxRows()).toHaveLength(1);
  });
});
