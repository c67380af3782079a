// The client commands against a running gateway, as a user runs them: case open/show/list, track, intercept, keys; --json; clear errors for bad arguments.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERCHANT_KEY, SUPPORT_KEY, testGateway, type TestGateway } from './harness.ts';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

describe('lanjie client commands', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  // Asynchronous: the gateway answers from this process while the CLI runs.
  const lanjie = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
        env: { ...process.env, LANJIE_URL: t.gw.url, LANJIE_API_KEY: MERCHANT_KEY, ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
      });
      child.on('exit', (code) => resolve({ code, out, err }));
    });

  it('opens, shows and lists a case; --json prints the API answer', async () => {
    const open = await lanjie([
      'case',
      'open',
      '--after-sale',
      'as-cli',
      '--order',
      'o-cli',
      '--amount-fen',
      '12900',
      '--waybill',
      '73100000000101',
      '--phone',
      '1234',
      '--json',
    ]);
    expect(open.err).toBe('');
    expect(open.code).toBe(0);
    const opened = JSON.parse(open.out);
    expect(opened).toMatchObject({ created: true, case: { afterSaleId: 'as-cli', mode: 'generic' } });
    const show = await lanjie(['case', 'show', opened.case.id]);
    expect(show.code).toBe(0);
    expect(show.out).toContain(`case ${opened.case.id} (generic, shop after-sale as-cli)`);
    expect(show.out).toContain('LOGISTICS_UNKNOWN: Logistics state not known yet / 物流状态未知');
    const list = await lanjie(['case', 'list', '--carrier', 'zto']);
    expect(list.out).toContain(opened.case.id);
    const track = await lanjie(['track', 'SF1000000000101', '--json']);
    expect(JSON.parse(track.out)).toMatchObject({ carrierId: 'sf', source: 'live' });
    const ic = await lanjie(['intercept', '73100000000102', '--idempotency-key', 'cli-ic-0001']);
    expect(ic.out).toMatch(/zto 73100000000102 RETURN_TO_SENDER via CARRIER_API: ACCEPTED/);
  }, 60_000);

  it('support commands: keys create and list', async () => {
    const created = await lanjie(['keys', 'create', '--role', 'merchant', '--merchant', 'sandbox', '--json'], {
      LANJIE_API_KEY: SUPPORT_KEY,
    });
    expect(created.code).toBe(0);
    const key = JSON.parse(created.out).key as string;
    const list = await lanjie(['keys', 'list'], { LANJIE_API_KEY: SUPPORT_KEY });
    expect(list.out).toContain(JSON.parse(created.out).id);
    expect(list.out).not.toContain(key);
    const denied = await lanjie(['keys', 'list']);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/FORBIDDEN: this route needs a support key/);
  }, 60_000);

  it('bad arguments, a missing key and an unreachable gateway are plain errors', async () => {
    const [fractional, missing, server, noKey, down, help] = await Promise.all([
      lanjie(['case', 'open', '--after-sale', 'a', '--order', 'o', '--amount-fen', '12.5', '--waybill', '73100000000101']),
      lanjie(['case', 'open', '--after-sale', 'a']),
      lanjie(['case', 'open', '--after-sale', 'a', '--order', 'o', '--amount-fen', '100', '--waybill', 'ABCDEF123']),
      lanjie(['case', 'list'], { LANJIE_API_KEY: '' }),
      lanjie(['case', 'list', '--url', 'http://127.0.0.1:9']),
      lanjie(['case', 'open', '--help']),
    ]);
    expect(fractional.code).not.toBe(0);
    expect(fractional.err).toMatch(/--amount-fen: a whole, non-negative number of fen/);
    expect(missing.err).toMatch(/missing --order, --amount-fen, --waybill/);
    expect(server.code).toBe(1);
    expect(server.err).toMatch(/INVALID_INPUT: body.shipments.0.waybill: ABCDEF123 fits no known carrier format/);
    expect(noKey.err).toMatch(/no API key: set LANJIE_API_KEY/);
    expect(down.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--amount-fen <fen>');
  }, 60_000);
});
