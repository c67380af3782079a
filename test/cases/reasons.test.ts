// The reason-code table: every code has Chinese and English messages and is documented in src/cases/README.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REASONS, REASON_CODES, reasonMessage } from '../../src/cases/index.ts';

// Table cells padded to align (Markdown formatting) read as single-spaced.
const readme = readFileSync(fileURLToPath(new URL('../../src/cases/README.md', import.meta.url)), 'utf8').replace(/ {2,}\|/g, ' |');

describe('reason codes', () => {
  it('every code has a non-empty zh and en message', () => {
    for (const code of REASON_CODES) {
      expect(REASONS[code].zh.length, code).toBeGreaterThan(0);
      expect(REASONS[code].en.length, code).toBeGreaterThan(0);
    }
    expect(reasonMessage('AMOUNT_LIMIT', 'zh')).toContain('1000');
  });

  it('the README table lists every code with its messages, and no code that does not exist', () => {
    for (const code of REASON_CODES) expect(readme, code).toContain(`| \`${code}\` | ${REASONS[code].en} | ${REASONS[code].zh} |`);
    const listed = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...REASON_CODES].sort());
  });

  it('the README documents how to change each reading of the seed in configuration', () => {
    for (const field of ['eligibleMerchantTypes', 'agreedDeadlineFrom', 'exceptionKeepsExperienceClockPaused'])
      expect(readme).toContain(field);
  });
});
