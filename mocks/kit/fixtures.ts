// Real-shaped carrier payloads kept as files under mocks/<carrier>/fixtures/: a sync, cached loader for tests and simulators.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MOCKS_DIR = join(import.meta.dirname, '..');
const texts = new Map<string, string>();

/** The path of a fixture file, relative to the repository (for error messages). */
function fixturePath(carrierId: string, file: string): string {
  return join('mocks', carrierId, 'fixtures', file);
}

function readCached(carrierId: string, file: string): string {
  const key = `${carrierId}/${file}`;
  const cached = texts.get(key);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(join(MOCKS_DIR, carrierId, 'fixtures', file), 'utf8');
  } catch (error) {
    throw new Error(`fixture ${fixturePath(carrierId, file)} cannot be read: ${(error as Error).message}`);
  }
  texts.set(key, text);
  return text;
}

/**
 * The JSON payload `mocks/<carrierId>/fixtures/<name>.json`, parsed. Each call returns a fresh copy, so a
 * test may change it (or spread over it) without touching other tests. Throws, naming the path, when the
 * file is missing or is not JSON. The type is `T` as given, never inferred from where the value goes.
 */
export function fixture<T = Record<string, unknown>>(carrierId: string, name: string): NoInfer<T> {
  const file = `${name}.json`;
  const text = readCached(carrierId, file);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`fixture ${fixturePath(carrierId, file)} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * A text payload (an XML or form body) kept as is: `mocks/<carrierId>/fixtures/<file>`, `file` with its
 * extension (`track-delivered.xml`). A trailing newline of the file is not part of the payload.
 */
export function fixtureText(carrierId: string, file: string): string {
  return readCached(carrierId, file).replace(/\r?\n$/, '');
}
