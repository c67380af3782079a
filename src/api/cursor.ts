// Page cursors of the list endpoints: an opaque base64url of (created_at, id), and its validation.
import { badField } from './errors.ts';

/** The cursor that continues a listing after the row (createdAt, id). */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

/** Reads a cursor from a previous page; a 400 naming `query.cursor` for anything else. */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string')
      return [parsed[0], parsed[1]];
  } catch {
    // handled: not a cursor of ours; answered as the 400 below
  }
  throw badField('query.cursor', 'not a cursor from a previous page');
}
