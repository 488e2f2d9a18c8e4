import type { DataSource } from 'typeorm';

/** Rows per table of the public schema (migrations bookkeeping aside), in one statement. */
export async function rowCounts(ds: DataSource): Promise<Record<string, number>> {
  if (!tableList) {
    const rows = (await ds.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
    )) as { tablename: string }[];
    tableList = rows.map((r) => r.tablename);
  }
  const sql = tableList
    .map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`)
    .join(' UNION ALL ');
  const rows = (await ds.query(sql)) as { t: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
let tableList: string[] | undefined;
