import type { EntityManager } from 'typeorm';
import { SEED_TABLES, type SeedTable } from './tables.js';

export type Cell = string | number | boolean | null | string[] | number[] | Record<string, unknown>;

/** A row of `T`, keyed by column name; a column left out is NULL. */
export type SeedRow<T extends SeedTable> = { [C in keyof (typeof SEED_TABLES)[T]]?: Cell };

/**
 * Multi-row insert through unnest(): one statement and one round trip per batch, typed columns,
 * no ORM hydration. The column list and types are the table's in SEED_TABLES; a key that is not
 * one of its columns is refused. Array columns (text[]) are passed as JSON and expanded in SQL.
 */
export async function bulkInsert<T extends SeedTable>(
  m: EntityManager,
  table: T,
  rows: readonly SeedRow<T>[],
): Promise<void> {
  if (!rows.length) return;
  const columns: Record<string, string> = SEED_TABLES[table];
  for (const r of rows)
    for (const key in r)
      if (!Object.hasOwn(columns, key)) throw new Error(`seed: ${table} has no column ${key}`);
  const names = Object.keys(columns);
  const params: unknown[] = [];
  const selects: string[] = [];
  names.forEach((name, i) => {
    // `::char` would mean char(1) and truncate: length-limited text columns travel as text.
    const type = columns[name] === 'char' || columns[name] === 'varchar' ? 'text' : columns[name]!;
    const values = rows.map((r) => (r as Record<string, Cell | undefined>)[name] ?? null);
    if (type.endsWith('[]')) {
      // unnest would flatten nested arrays: ship each array as JSON text and rebuild it.
      params.push(values.map((v) => (v === null ? null : JSON.stringify(v))));
      selects.push(
        `CASE WHEN c${i} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(c${i}::jsonb))::${type} END`,
      );
    } else {
      params.push(
        type === 'jsonb' ? values.map((v) => (v === null ? null : JSON.stringify(v))) : values,
      );
      selects.push(
        type === 'jsonb'
          ? `c${i}::jsonb`
          : type === 'bytea'
            ? `decode(c${i}, 'hex')`
            : `c${i}::${type}`,
      );
    }
  });
  const sourceTypes = names.map((name) => {
    const t = columns[name] === 'char' || columns[name] === 'varchar' ? 'text' : columns[name]!;
    return t.endsWith('[]') || t === 'jsonb' || t === 'bytea'
      ? 'text[]'
      : `${/^[a-z_]+$/.test(t) && !BUILTIN.has(t) ? 'text' : t}[]`;
  });
  const unnest = `unnest(${sourceTypes.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS u(${names.map((_, i) => `c${i}`).join(', ')})`;
  await m.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selects.join(', ')} FROM ${unnest}`,
    params,
  );
}

// Types unnest can take directly; anything else (Postgres enums) travels as text and is cast.
const BUILTIN = new Set([
  'uuid',
  'text',
  'int',
  'integer',
  'bool',
  'boolean',
  'date',
  'timestamptz',
  'numeric',
  'bytea',
  'char',
  'varchar',
]);
