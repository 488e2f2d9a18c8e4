import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The typo tier of the employer search reads the trigram index employers_name_trgm_idx (ADR
 * 1600). A GIN index buffers new entries in a pending list, up to 4 MB by default, and every
 * search reads that whole list, unordered, before the index proper. Every non-HOT update of an
 * employer (a new last contact, an import) adds its ~30 trigrams there. Measured at national scale
 * (ADR 1600, 2026-11-30): the typo query costs 2.7 ms on a clean index, 4.7 ms with 74 pending
 * pages, 9.7 ms with 215 and 16 ms with 488 (after 20,000 updates). A 256 kB limit keeps the
 * list at 32 pages at most (+0.5 ms) while writes stay batched; `fastupdate = off` was rejected:
 * a 20,000-row update took 7.3 s instead of 4.6 s.
 */
export class NameTrgmPendingList1797200000600 implements MigrationInterface {
  name = 'NameTrgmPendingList1797200000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER INDEX employers_name_trgm_idx SET (gin_pending_list_limit = 256)');
    // The limit applies from the next insertion: move what is pending now into the index.
    await q.query(`SELECT gin_clean_pending_list('employers_name_trgm_idx')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER INDEX employers_name_trgm_idx RESET (gin_pending_list_limit)');
  }
}
