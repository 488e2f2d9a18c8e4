import type { SchemaObject } from '@nestjs/swagger';

// Small builders for response schemas written from the constants the code already uses (figure
// names, answer options), for answers typed by interfaces rather than decorated classes.

export const nullableNumber: SchemaObject = { type: 'number', nullable: true };
export const nullableString: SchemaObject = { type: 'string', nullable: true };
export const calendarDate: SchemaObject = { type: 'string', format: 'date', example: '2026-01-31' };

/** An object with exactly these keys, each with the same schema, all present. */
export function recordOf(keys: readonly string[], value: SchemaObject): SchemaObject {
  return {
    type: 'object',
    required: [...keys],
    additionalProperties: false,
    properties: Object.fromEntries(keys.map((k) => [k, value])),
  };
}

/** An object with these required properties and nothing else. */
export function strictObject(properties: Record<string, SchemaObject>): SchemaObject {
  return {
    type: 'object',
    required: Object.keys(properties),
    additionalProperties: false,
    properties,
  };
}

/** The `content` of a 200 answer given as JSON by default and as CSV with `format=csv`. */
export function jsonOrCsv(json: SchemaObject): Record<string, { schema: SchemaObject }> {
  return {
    'application/json': { schema: json },
    'text/csv': { schema: { type: 'string' } },
  };
}
