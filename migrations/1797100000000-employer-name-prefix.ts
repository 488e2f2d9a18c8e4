import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employer search ranks names that start with the query first, in name order (ADR 1600). Two
 * btree indexes on the normalised legal and trade names, in byte order (`COLLATE "C"`: a prefix
 * is a range, and the range comes out sorted), answer that tier by reading `limit` entries
 * instead of scoring every trigram candidate.
 */
export class EmployerNamePrefix1797100000000 implements MigrationInterface {
  name = 'EmployerNamePrefix1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX employers_legal_prefix_idx ON employers ((btrim(f_normalize(legal_name)) COLLATE "C"), id)`,
    );
    await q.query(
      `CREATE INDEX employers_trade_prefix_idx ON employers ((btrim(f_normalize(trade_name)) COLLATE "C"), id)
       WHERE trade_name IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX employers_trade_prefix_idx');
    await q.query('DROP INDEX employers_legal_prefix_idx');
  }
}
