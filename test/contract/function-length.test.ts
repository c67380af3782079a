// Function length guard (issue 16): no function in src/cases/decide.ts, src/cases/rules/ or src/cases/apply/ is over 60 lines.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from '@swc/core';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = join(ROOT, 'src', 'cases');
const MAX_LINES = 60;
/** swc node types that are functions (a class method's span covers its whole body, as a function's does). */
const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'PrivateMethod',
  'MethodProperty',
  'Constructor',
  'GetterProperty',
  'SetterProperty',
]);

/** The guarded files: decide.ts and every .ts file of rules/ and apply/. */
function guardedFiles(): string[] {
  const inDir = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.ts'))
          .map((name) => join(dir, name))
      : [];
  return [join(CASES, 'decide.ts'), ...inDir(join(CASES, 'rules')), ...inDir(join(CASES, 'apply'))];
}

interface Node {
  type?: unknown;
  span?: { start: number; end: number };
  identifier?: { value?: unknown };
  key?: { value?: unknown };
  id?: { value?: unknown };
}

/** Every function of a file longer than MAX_LINES, as "path:line name (n lines)". */
function longFunctions(path: string): string[] {
  const bytes = readFileSync(path);
  const source = bytes.toString('utf8');
  const module = parseSync(source, { syntax: 'typescript', comments: false });
  // swc spans are byte offsets (1-based, and in some versions shifted by earlier parses); the module's span starts
  // at its first token, which gives the base. Line numbers come from counting newlines before an offset.
  const leading = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(source)?.[0] ?? '';
  const base = module.span.start - Buffer.byteLength(leading);
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = 0; i < offset - base && i < bytes.length; i++) if (bytes[i] === 10) line++;
    return line;
  };
  const found: string[] = [];
  const visit = (value: unknown, name: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, name);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    const declared = node.type === 'VariableDeclarator' ? node.id?.value : undefined;
    const own = String(node.identifier?.value ?? node.key?.value ?? declared ?? name);
    if (typeof node.type === 'string' && FUNCTION_TYPES.has(node.type) && node.span !== undefined) {
      const start = lineAt(node.span.start);
      const lines = lineAt(node.span.end - 1) - start + 1;
      if (lines > MAX_LINES) found.push(`${relative(ROOT, path)}:${start} ${own} (${lines} lines)`);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span') visit(v, own);
  };
  visit(module.body, '<anonymous>');
  return found;
}

describe('function length', () => {
  it(`no function in src/cases/decide.ts, rules/ or apply/ is over ${MAX_LINES} lines`, () => {
    const files = guardedFiles();
    expect(files.length).toBeGreaterThan(1);
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
