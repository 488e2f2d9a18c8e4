import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicators of closed months are cached (ADR 1612); a cached result stays valid until a row it
 * was computed from changes. These triggers append one row per changed closed month to
 * `indicator_changes` (append-only, no row is ever updated: writers never wait for each other),
 * and a row for month `-infinity` when a change reaches every month (an employer's EPCI, NAF code,
 * referent or merge; a placement's adviser, contract or employer; the deletion of either; a
 * truncation). The cache key
 * holds the number of rows for the period's months, which only grows.
 *
 * Months are UTC months widened by a day on each side (any time zone's local day falls in one of
 * them). Writes to the current month (the month of yesterday in UTC) append nothing: the cache
 * never holds a period reaching into it.
 *
 * `indicator_cache_scope` names this database in the cache keys (tests and benchmarks share one
 * Redis between databases).
 */
/** Per table: the instants (timestamptz) or calendar days (`::date`) the indicators count it by. */
const TRACKED: { table: string; months: (r: string) => string[]; keys?: string[] }[] = [
  { table: 'interactions', months: (r) => [`${r}.occurred_at`] },
  {
    table: 'employers',
    months: (r) => [`${r}.created_at`],
    keys: ['epci_code', 'naf_code', 'naf_version', 'referent_id', 'merged_into_id'],
  },
  { table: 'job_offers', months: (r) => [`${r}.created_at`] },
  {
    table: 'placements',
    months: (r) => [`${r}.start_date::date`, `${r}.rupture_date::date`],
    keys: ['adviser_id', 'contract_type', 'employer_id'],
  },
  { table: 'follow_ups', months: (r) => [`${r}.done_on::date`] },
  { table: 'events', months: (r) => [`${r}.starts_at`] },
  {
    table: 'event_employers',
    months: (r) => [`(SELECT ev.starts_at FROM events ev WHERE ev.id = ${r}.event_id)`],
  },
  { table: 'survey_campaigns', months: (r) => [`${r}.launched_at`] },
  {
    table: 'survey_invitations',
    months: (r) => [`(SELECT c.launched_at FROM survey_campaigns c WHERE c.id = ${r}.campaign_id)`],
  },
  {
    table: 'survey_responses',
    months: (r) => [
      `(SELECT c.launched_at FROM survey_invitations si JOIN survey_campaigns c ON c.id = si.campaign_id
         WHERE si.id = ${r}.invitation_id)`,
    ],
  },
  {
    table: 'survey_answers',
    months: (r) => [
      `(SELECT c.launched_at FROM survey_responses sr
          JOIN survey_invitations si ON si.id = sr.invitation_id
          JOIN survey_campaigns c ON c.id = si.campaign_id
         WHERE sr.id = ${r}.response_id)`,
    ],
  },
];

/** The rows' months, each a date or an instant (read as a UTC date). */
const monthsOf = (t: (typeof TRACKED)[number], alias: string, rows: string) =>
  t
    .months(alias)
    .map(
      (m) =>
        `SELECT ${m.endsWith('::date') ? m : `(${m} AT TIME ZONE 'UTC')::date`} AS d FROM ${rows} ${alias}`,
    )
    .join(' UNION ');

export class IndicatorChanges1797200000100 implements MigrationInterface {
  name = 'IndicatorChanges1797200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_changes (
        id bigserial PRIMARY KEY,
        month date NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX indicator_changes_month_idx ON indicator_changes (month)');
    await q.query(`
      CREATE TABLE indicator_cache_scope (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        id uuid NOT NULL DEFAULT gen_random_uuid()
      )`);
    await q.query('INSERT INTO indicator_cache_scope DEFAULT VALUES');
    // The closed months among some days (each widened by a day on each side), appended once.
    await q.query(`
      CREATE FUNCTION indicator_months_changed(days date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO indicator_changes (month)
        SELECT DISTINCT m FROM unnest(days) d,
          LATERAL (VALUES (date_trunc('month', d - 1)::date), (date_trunc('month', d + 1)::date)) v(m)
         WHERE d IS NOT NULL
           AND m < date_trunc('month', (clock_timestamp() AT TIME ZONE 'UTC')::date - 1)::date
      $$`);
    await q.query(`
      CREATE FUNCTION indicator_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO indicator_changes (month) VALUES ('-infinity');
        RETURN NULL;
      END $$`);
    for (const t of TRACKED) {
      const fn = `indicator_${t.table}_changed`;
      // An update of a grouping column moves rows between groups in every month. EXCEPT (hashed
      // or sorted), not a join: the planner has no statistics on transition tables and chose a
      // nested loop, quadratic in the rows updated (95,000 employers: over ten minutes).
      const cols = (alias: string) => ['id', ...(t.keys ?? [])].map((k) => `${alias}.${k}`);
      const keysChanged = t.keys
        ? `IF EXISTS (SELECT ${cols('o').join(', ')} FROM old_rows o
                      EXCEPT SELECT ${cols('n').join(', ')} FROM new_rows n) THEN
             INSERT INTO indicator_changes (month) VALUES ('-infinity');
           END IF;`
        : '';
      await q.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM indicator_months_changed(ARRAY(${monthsOf(t, 'n', 'new_rows')}));
          ELSIF TG_OP = 'DELETE' THEN
            ${t.keys ? "INSERT INTO indicator_changes (month) VALUES ('-infinity');" : ''}
            PERFORM indicator_months_changed(ARRAY(${monthsOf(t, 'o', 'old_rows')}));
          ELSE
            ${keysChanged}
            PERFORM indicator_months_changed(ARRAY(${monthsOf(t, 'o', 'old_rows')} UNION ${monthsOf(t, 'n', 'new_rows')}));
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${t.table}_indicators_ins AFTER INSERT ON ${t.table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER ${t.table}_indicators_upd AFTER UPDATE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER ${t.table}_indicators_del AFTER DELETE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER ${t.table}_indicators_trunc AFTER TRUNCATE ON ${t.table}
        FOR EACH STATEMENT EXECUTE FUNCTION indicator_all_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TRACKED) {
      for (const s of ['ins', 'upd', 'del', 'trunc'])
        await q.query(`DROP TRIGGER ${t.table}_indicators_${s} ON ${t.table}`);
      await q.query(`DROP FUNCTION indicator_${t.table}_changed()`);
    }
    await q.query('DROP FUNCTION indicator_all_changed()');
    await q.query('DROP FUNCTION indicator_months_changed(date[])');
    await q.query('DROP TABLE indicator_cache_scope');
    await q.query('DROP TABLE indicator_changes');
  }
}
