import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Expression indexes TypeORM cannot describe; the entities mark them `synchronize: false`. */
export class SearchIndexes1764140000200 implements MigrationInterface {
  name = 'SearchIndexes1764140000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))');
    // Accent-, case- and typo-tolerant employer search (pg_trgm on the normalised names).
    await q.query(
      `CREATE INDEX employers_name_trgm_idx ON employers USING gin (f_normalize(legal_name || ' ' || coalesce(trade_name, '')) gin_trgm_ops)`,
    );
    await q.query('CREATE INDEX employers_tags_idx ON employers USING gin (tags)');
    await q.query(
      `CREATE INDEX young_people_name_trgm_idx ON young_people USING gin (f_normalize(first_name || ' ' || last_name) gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX young_people_name_trgm_idx');
    await q.query('DROP INDEX employers_tags_idx');
    await q.query('DROP INDEX employers_name_trgm_idx');
    await q.query('DROP INDEX users_email_lower_key');
  }
}
