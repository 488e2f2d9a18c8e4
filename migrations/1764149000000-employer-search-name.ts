import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employer search recomputed unaccent + regex for every candidate row (recheck, filter and sort):
 * 650 ms per search at national scale. The normalised name is now stored once per write, by a
 * trigger, and the trigram index moves onto it. (A trigger rather than a generated column:
 * TypeORM ties generated columns to the database's name in typeorm_metadata, which breaks on a
 * renamed or cloned database.)
 */
export class EmployerSearchName1764149000000 implements MigrationInterface {
  name = 'EmployerSearchName1764149000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION employers_search_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_name := f_normalize(NEW.legal_name || ' ' || coalesce(NEW.trade_name, ''));
        RETURN NEW;
      END $$`);
    await q.query(`ALTER TABLE employers ADD search_name text`);
    await q.query(
      `UPDATE employers SET search_name = f_normalize(legal_name || ' ' || coalesce(trade_name, ''))`,
    );
    await q.query(`ALTER TABLE employers ALTER search_name SET NOT NULL`);
    await q.query(`
      CREATE TRIGGER employers_search_name BEFORE INSERT OR UPDATE OF legal_name, trade_name ON employers
      FOR EACH ROW EXECUTE FUNCTION employers_search_name()`);
    await q.query('DROP INDEX employers_name_trgm_idx');
    await q.query(
      'CREATE INDEX employers_name_trgm_idx ON employers USING gin (search_name gin_trgm_ops)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX employers_name_trgm_idx');
    await q.query('DROP TRIGGER employers_search_name ON employers');
    await q.query('ALTER TABLE employers DROP COLUMN search_name');
    await q.query('DROP FUNCTION employers_search_name()');
    await q.query(
      `CREATE INDEX employers_name_trgm_idx ON employers USING gin (f_normalize(legal_name || ' ' || coalesce(trade_name, '')) gin_trgm_ops)`,
    );
  }
}
