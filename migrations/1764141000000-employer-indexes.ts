import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes behind the dormant filter and the likely-duplicate check (expression indexes). */
export class EmployerIndexes1764141000000 implements MigrationInterface {
  name = 'EmployerIndexes1764141000000';

  async up(q: QueryRunner): Promise<void> {
    // Dormant = no interaction since the cutoff, counting from creation when there was never one.
    await q.query(
      'CREATE INDEX employers_activity_idx ON employers ((coalesce(last_interaction_at, created_at)))',
    );
    // Likely duplicates: same postal code and same normalised legal name.
    await q.query(
      'CREATE INDEX employers_duplicate_idx ON employers (postal_code, f_normalize(legal_name))',
    );
    // Default list order (name, then id as a tie-breaker for keyset paging).
    await q.query(
      'CREATE INDEX employers_sort_name_idx ON employers (f_normalize(legal_name), id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX employers_sort_name_idx');
    await q.query('DROP INDEX employers_duplicate_idx');
    await q.query('DROP INDEX employers_activity_idx');
  }
}
