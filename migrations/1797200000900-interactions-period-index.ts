import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indicators read every contact of a period: its date, employer, author and direction
 * (ADR 1614). The index by date now holds those columns too, so a year of the national dataset
 * (800,000 contacts) is an index-only scan instead of a bitmap scan visiting most of the table's
 * pages (EXPLAIN ANALYZE: 460 → 310 ms). It replaces the plain index by date, which every query
 * reading contacts by date used: one index more would cost every contact logged a second write.
 */
export class InteractionsPeriodIndex1797200000900 implements MigrationInterface {
  name = 'InteractionsPeriodIndex1797200000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX interactions_period_idx ON interactions (occurred_at)
       INCLUDE (employer_id, author_id, direction)`,
    );
    await q.query('DROP INDEX "IDX_805e5b59a695eb19ec103cee37"');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "IDX_805e5b59a695eb19ec103cee37" ON interactions (occurred_at)');
    await q.query('DROP INDEX interactions_period_idx');
  }
}
