import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public board searches the words of `q` in the title and description of published offers,
 * accent- and case-insensitive (`f_normalize` on both sides, substring match). A trigram index
 * on that expression, limited to published rows (the only ones the board reads), keeps it from
 * normalising every description at national scale.
 */
export class JobOfferPublicSearch1795974551000 implements MigrationInterface {
  name = 'JobOfferPublicSearch1795974551000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX job_offers_public_search_idx ON job_offers
         USING gin (f_normalize(title || ' ' || description) gin_trgm_ops)
         WHERE status = 'published'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX job_offers_public_search_idx');
  }
}
