// The client commands print instants in the merchant's zone with the offset (default Asia/Shanghai), --tz to choose one, --utc for ISO UTC.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/cli/instant-format.ts';
import { MERCHANT_KEY, openBody, testGateway, type TestGateway } from './harness.ts';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

describe('lanjie client commands: time zones', () => {
  let t: TestGateway;
  let caseId = '';
  let due = '';
  beforeAll(async () => {
    t = await testGateway();
    const opened = (
      await t.call({ method: 'POST', url: '/v1/cases', payload: openBody('73100000000101', { afterSaleId: 'as-tz' }) })
    ).json();
    caseId = opened.case.id;
    due = opened.case.deadline.due;
  });
  afterAll(async () => {
    await t.stop();
  });

  const lanjie = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
        env: { ...process.env, LANJIE_URL: t.gw.url, LANJIE_API_KEY: MERCHANT_KEY, TZ: 'America/New_York' },
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

  it('case show prints the due instant in Asia/Shanghai by default (whatever the machine zone), --tz and --utc switch', async () => {
    const [shanghai, berlin, utc] = await Promise.all([
      lanjie(['case', 'show', caseId]),
      lanjie(['case', 'show', caseId, '--tz', 'Europe/Berlin']),
      lanjie(['case', 'show', caseId, '--utc']),
    ]);
    expect(shanghai.code).toBe(0);
    expect(shanghai.out).toContain(`due ${formatInstant(due, { timeZone: 'Asia/Shanghai' })}`);
    expect(shanghai.out).toMatch(/due \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00/);
    expect(berlin.out).toContain(`due ${formatInstant(due, { timeZone: 'Europe/Berlin' })}`);
    expect(berlin.out).toMatch(/due \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0[12]:00/);
    expect(utc.out).toContain(`due ${new Date(due).toISOString()}`);
  });

  it('case list and track use the same format; a bad --tz is refused by name', async () => {
    const [list, track, bad] = await Promise.all([
      lanjie(['case', 'list']),
      lanjie(['track', 'SF1000000000101', '--refresh', '--tz', 'Asia/Tokyo']),
      lanjie(['case', 'list', '--tz', 'Mars/Olympus']),
    ]);
    expect(list.out).toContain(`due ${formatInstant(due)}`);
    expect(track.code).toBe(0);
    expect(track.out).toMatch(/refreshed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00\)/);
    expect(track.out).toMatch(/\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00 /);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('"Mars/Olympus" is not an IANA time zone');
  });
});
