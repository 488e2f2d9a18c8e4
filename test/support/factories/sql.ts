import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

// The one way test factories write a row: plain SQL on the test's own database, so a test does not
// depend on the services of the modules that own the rows (no mocks, no repositories of other modules).

/** A partial row keyed by column name (snake_case, as in the migrations). */
export type Columns<K extends string> = { [C in K]?: unknown };

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Inserts `row` into `table` (the column list is the row's keys) and returns the new id. */
export async function insertRow(
  ds: DataSource,
  table: string,
  row: Record<string, unknown>,
): Promise<string> {
  const cols = Object.keys(row);
  const rows = (await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    cols.map((c) => row[c]),
  )) as { id: string }[];
  return rows[0]!.id;
}

/** A calendar date (YYYY-MM-DD, UTC) `days` from now. */
export const dayFromNow = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
