// The tracking refresh limit in the sandbox follows the sandbox clock: refresh, 429 saying how to advance the clock, advance it, refresh again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGateway, type TestGateway } from './harness.ts';

const ZTO_DELIVER = '73100000000101';

describe('sandbox: tracking refresh limit on the sandbox clock', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refresh, 429 with how to move the clock, advance 5 minutes, refresh → 200', async () => {
    const url = `/v1/tracking/${ZTO_DELIVER}?refresh=true`;
    const first = await t.call({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const again = await t.call({ method: 'GET', url });
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('300');
    const message = again.json().error.message as string;
    expect(message).toContain('300 s of sandbox time');
    expect(message).toContain('POST /v1/sandbox/clock/advance {"minutes":5}');
    expect(message).toContain('lanjie sandbox advance --minutes 5');
    const advanced = await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { minutes: 5 } });
    expect(advanced.statusCode).toBe(200);
    const third = await t.call({ method: 'GET', url });
    expect(third.statusCode).toBe(200);
  });
});
