import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public offer list and board are validated (ETag, 304) and cached by a version number that
 * changes with every committed change of what they show (ADR 1601): any write to job_offers, a
 * change of an employer's status or names. Bumped by triggers, once per transaction and at its
 * commit (deferred), so the row lock on the counter is the last lock a writer takes: two writers
 * can wait for each other's commit there but never deadlock. Written only by these triggers.
 */
export class PublicOffersVersion1797100000100 implements MigrationInterface {
  name = 'PublicOffersVersion1797100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_offers_version (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version bigint NOT NULL DEFAULT 1,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('INSERT INTO public_offers_version DEFAULT VALUES');
    await q.query(`
      CREATE FUNCTION public_offers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('crm.public_offers_bumped', true), '') <> 'on' THEN
          PERFORM set_config('crm.public_offers_bumped', 'on', true);
          UPDATE public_offers_version SET version = version + 1, changed_at = clock_timestamp();
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER job_offers_public_version
      AFTER INSERT OR UPDATE OR DELETE ON job_offers
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_offers_changed()`);
    await q.query(`
      CREATE TRIGGER job_offers_public_version_truncate AFTER TRUNCATE ON job_offers
      FOR EACH STATEMENT EXECUTE FUNCTION public_offers_changed()`);
    // The board shows the employer's name and hides archived employers' offers.
    await q.query(`
      CREATE CONSTRAINT TRIGGER employers_public_version
      AFTER UPDATE OF status, legal_name, trade_name ON employers
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.legal_name IS DISTINCT FROM NEW.legal_name
            OR OLD.trade_name IS DISTINCT FROM NEW.trade_name)
      EXECUTE FUNCTION public_offers_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER employers_public_version ON employers');
    await q.query('DROP TRIGGER job_offers_public_version_truncate ON job_offers');
    await q.query('DROP TRIGGER job_offers_public_version ON job_offers');
    await q.query('DROP FUNCTION public_offers_changed()');
    await q.query('DROP TABLE public_offers_version');
  }
}
