// End to end: every fate of the sandbox catalogue (src/sandbox/catalogue.ts) driven through the HTTP API alone, in generic and douyin mode, checked against the outcomes the catalogue derives from DESIGN §2.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FATE_CATALOGUE, type CatalogueMode } from '../../src/sandbox/catalogue.ts';
import { catalogueMarkdown } from '../../src/sandbox/print-catalogue.ts';
import { comparable, observedComparable, runCatalogue, type ModeRun } from './fates-runner.ts';
import { testGateway, type TestGateway } from './harness.ts';

const MODES: CatalogueMode[] = ['generic', 'douyin'];

describe('sandbox fate catalogue, end to end over HTTP', () => {
  const gateways = new Map<CatalogueMode, TestGateway>();
  const runs = new Map<CatalogueMode, ModeRun>();

  beforeAll(async () => {
    // One sandbox per mode, run side by side; within a mode every fate's case opens at the same instant and the clock moves for all.
    await Promise.all(
      MODES.map(async (mode) => {
        const t = await testGateway({ env: { LANJIE_LOG_LEVEL: 'error' } });
        gateways.set(mode, t);
        runs.set(mode, await runCatalogue(t, mode, FATE_CATALOGUE));
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...gateways.values()].map((t) => t.stop()));
  });

  it('the catalogue covers every entry of DESIGN §3 in both modes', () => {
    const design = [
      'intercept succeeds',
      'succeeds then delivered anyway (breach)',
      'delivered before the intercept',
      'not yet collected',
      'buyer refuses',
      'return gets a new waybill number',
      'return lost',
      'carrier rejects',
      'carrier down',
      'buyer cancels mid-interception',
      'platform already refunded',
      'several parcels',
    ];
    expect(design.filter((d) => !FATE_CATALOGUE.some((e) => e.design === d))).toEqual([]);
    expect(new Set(FATE_CATALOGUE.map((e) => e.id)).size).toBe(FATE_CATALOGUE.length);
    for (const mode of MODES) expect([...runs.get(mode)!.outcomes.keys()]).toEqual(FATE_CATALOGUE.map((e) => e.id));
  });

  it('docs/sandbox.md embeds the tables generated from the catalogue', () => {
    expect(readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8')).toContain(catalogueMarkdown());
  });

  for (const mode of MODES) {
    describe(`${mode} mode`, () => {
      for (const entry of FATE_CATALOGUE) {
        it(`${entry.id}: ${entry.expected[mode].why}`, () => {
          const observed = runs.get(mode)!.outcomes.get(entry.id)!;
          const expected = entry.expected[mode];
          expect.soft(observedComparable(observed, mode), `case ${observed.caseId}`).toEqual(comparable(expected, mode));
          expect.soft(observed.deadlineReasons, 'deadline history').toEqual(expect.arrayContaining(expected.deadline));
          expect.soft(observed.timelineReasons, 'timeline').toEqual(expect.arrayContaining(expected.timeline ?? []));
        });
      }
    });
  }
});
