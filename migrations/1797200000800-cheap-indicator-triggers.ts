import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement triggers of migration 1797200000100 run on every write, logging a contact
 * included (ADR 1602, 2026-11-30). Two changes, the same rows appended to `indicator_changes`:
 *
 * 1. `indicator_months_changed` in PL/pgSQL instead of SQL. A SQL function called from a trigger
 *    is parsed and planned again in each transaction (PostgreSQL 15 keeps no plan for it): 0.10 ms
 *    of the 0.19 ms an interaction's INSERT took on the national dataset. PL/pgSQL keeps its plans
 *    per connection, and a write dated in the current month (nearly all of them) returns before
 *    the INSERT: a day touches a closed month only if the day before it does.
 * 2. An employer's UPDATE appends the months of the rows whose `created_at` changed, not of every
 *    row updated. The closed months read of an employer only `created_at` (new employers) and the
 *    grouping keys (`-infinity` when they change, as before): indicators.service.ts FAMILIES. An
 *    update of anything else, the last contact moved by each contact logged above all, changed
 *    no figure but invalidated the cached periods holding the employer's creation month.
 */
const MONTHS_CHANGED_SQL = `
  CREATE OR REPLACE FUNCTION indicator_months_changed(days date[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO indicator_changes (month)
    SELECT DISTINCT m FROM unnest(days) d,
      LATERAL (VALUES (date_trunc('month', d - 1)::date), (date_trunc('month', d + 1)::date)) v(m)
     WHERE d IS NOT NULL
       AND m < date_trunc('month', (clock_timestamp() AT TIME ZONE 'UTC')::date - 1)::date
  $$`;

const MONTHS_CHANGED_PLPGSQL = `
  CREATE OR REPLACE FUNCTION indicator_months_changed(days date[]) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    current_month date := date_trunc('month', (clock_timestamp() AT TIME ZONE 'UTC')::date - 1)::date;
  BEGIN
    -- The months of d - 1 and d + 1; the earlier is d - 1's, so nothing closed without it.
    IF NOT EXISTS (SELECT FROM unnest(days) d WHERE d - 1 < current_month) THEN
      RETURN;
    END IF;
    INSERT INTO indicator_changes (month)
    SELECT DISTINCT m FROM unnest(days) d,
      LATERAL (VALUES (date_trunc('month', d - 1)::date), (date_trunc('month', d + 1)::date)) v(m)
     WHERE d IS NOT NULL AND m < current_month;
  END $$`;

const KEYS = ['id', 'epci_code', 'naf_code', 'naf_version', 'referent_id', 'merged_into_id'];
const cols = (alias: string, names: string[]) => names.map((k) => `${alias}.${k}`).join(', ');
const day = (alias: string) => `(${alias}.created_at AT TIME ZONE 'UTC')::date`;

/** The employers' trigger; `updateMonths` is the UPDATE branch's list of days. */
const employersFunction = (updateMonths: string) => `
  CREATE OR REPLACE FUNCTION indicator_employers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM indicator_months_changed(ARRAY(SELECT ${day('n')} AS d FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO indicator_changes (month) VALUES ('-infinity');
      PERFORM indicator_months_changed(ARRAY(SELECT ${day('o')} AS d FROM old_rows o));
    ELSE
      IF EXISTS (SELECT ${cols('o', KEYS)} FROM old_rows o
                 EXCEPT SELECT ${cols('n', KEYS)} FROM new_rows n) THEN
        INSERT INTO indicator_changes (month) VALUES ('-infinity');
      END IF;
      PERFORM indicator_months_changed(ARRAY(${updateMonths}));
    END IF;
    RETURN NULL;
  END $$`;

// Before: every updated row's month. After: the rows whose creation instant changed (EXCEPT, not
// a join, for the reason given in 1797200000100), at their old and their new month.
const EVERY_ROW = `SELECT ${day('o')} AS d FROM old_rows o UNION SELECT ${day('n')} AS d FROM new_rows n`;
const CREATION_MOVED = `SELECT ${day('c')} AS d FROM (
        (SELECT o.id, o.created_at FROM old_rows o EXCEPT SELECT n.id, n.created_at FROM new_rows n)
        UNION
        (SELECT n.id, n.created_at FROM new_rows n EXCEPT SELECT o.id, o.created_at FROM old_rows o)) c`;

export class CheapIndicatorTriggers1797200000800 implements MigrationInterface {
  name = 'CheapIndicatorTriggers1797200000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(MONTHS_CHANGED_PLPGSQL);
    await q.query(employersFunction(CREATION_MOVED));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(MONTHS_CHANGED_SQL);
    await q.query(employersFunction(EVERY_ROW));
  }
}
