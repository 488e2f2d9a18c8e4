import { DomainError } from './domain-error.js';
import { decodeCursor } from './pagination.js';
import { isUuid } from './uuid.pipe.js';

export type CursorPart = 'instant' | 'uuid' | 'number' | 'text';

const VALID: Record<CursorPart, (v: unknown) => boolean> = {
  instant: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-/.test(v),
  uuid: isUuid,
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  text: (v) => typeof v === 'string',
};

/**
 * A keyset cursor whose values are checked against the types the query casts them to, so that a
 * forged cursor is a 400, never a database cast error.
 */
export function decodeTypedCursor(
  cursor: string | undefined,
  parts: readonly CursorPart[],
): (string | number)[] | null {
  const values = decodeCursor(cursor, parts.length);
  if (!values) return null;
  if (!parts.every((p, i) => VALID[p](values[i])))
    throw DomainError.invalid('cursor', 'cursor is not valid');
  return values as (string | number)[];
}
