// Every `catch` in src/ and carriers/ logs through the injected logger, rethrows, hands the error to a named
// error mapper, or says in a `// handled: <why>` comment why nothing is lost (CONTRIBUTING.md, "Errors").
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** What a catch body may do with the error so that it is not lost. */
const HANDLES = [
  /\bthrow\b/, // rethrown (typed, checked by the hygiene test)
  /(\blog|\blogger|Logger)\)?\??\.(fatal|error|warn|info|debug)\(/, // logged through the injected pino logger
  /\b(fromError|onError|onApplyError)(\?\.)?\(/, // handed to a named mapper that logs or types it
  /\breject\(/, // passed on to a promise's caller
  /\bprocess\.exitCode\s*=|\bprocess\.exit\(/, // the CLI's exit status is how it reports
  /\bhandled:/, // a reason why nothing is lost, written at the catch
];
/** Named handlers a `.catch(name)` may pass the error to: each maps it to a typed outcome or logs it. */
const NAMED_HANDLERS = /^\s*(fromError|onError|onApplyError|deps\.onApplyError|reportError)\s*$/;

interface CatchSite {
  where: string;
  body: string;
  before: string;
}

/** The index just past the bracket that closes the one at `open`. */
function closing(text: string, open: number): number {
  const pair: Record<string, string> = { '{': '}', '(': ')' };
  const opener = text[open]!;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === opener) depth++;
    else if (ch === pair[opener]) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function catchSites(path: string, text: string): CatchSite[] {
  const sites: CatchSite[] = [];
  const pattern = /\bcatch\b\s*(\([^)]*\))?\s*\{|\.catch\(/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const lineText = text.slice(lineStart, text.indexOf('\n', m.index));
    if (/^\s*(\/\/|\*)/.test(lineText)) continue;
    const open = m.index + m[0].length - 1;
    const body = text.slice(open, closing(text, open));
    const previousLineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(0, m.index).split('\n').length;
    sites.push({ where: `${path}:${line}`, body, before: text.slice(previousLineStart, m.index) });
  }
  return sites;
}

const SITES = ['src', 'carriers']
  .flatMap((d) => sources(join(ROOT, d)))
  .flatMap((f) => catchSites(relative(ROOT, f), readFileSync(f, 'utf8')));

function handled(site: CatchSite): boolean {
  if (/\/\/\s*handled:/.test(site.before)) return true;
  if (site.body.startsWith('(') && NAMED_HANDLERS.test(site.body.slice(1, -1))) return true;
  return HANDLES.some((pattern) => pattern.test(site.body));
}

describe('catch blocks', () => {
  it('finds the catch blocks of the sources', () => {
    expect(SITES.length).toBeGreaterThan(50);
  });

  it('none drops an error silently', () => {
    expect(SITES.filter((site) => !handled(site)).map((site) => `${site.where} ${site.body.split('\n')[0]!.slice(0, 80)}`)).toEqual([]);
  });

  it('the scanner itself tells a silent catch from a handled one', () => {
    const [silent, logged, marked, mapped] = catchSites(
      'x.ts',
      [
        'try { a(); } catch { }',
        'try { a(); } catch (error) { this.log.warn({ err: error }, "x"); }',
        'p.catch(() => undefined); // handled: shutdown',
        'p.catch(fromError);',
      ].join('\n'),
    );
    expect(handled(silent!)).toBe(false);
    expect(handled(logged!)).toBe(true);
    expect(handled(marked!)).toBe(false); // the marker belongs before or at the catch, not after it
    expect(handled({ ...marked!, body: '(() => undefined) // handled: shutdown' })).toBe(true);
    expect(handled(mapped!)).toBe(true);
  });
});
