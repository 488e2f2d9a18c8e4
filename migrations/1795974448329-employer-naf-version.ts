import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SIRENE codes activities in NAF 2025 from 1 January 2027: an employer's code now says which
 * nomenclature it belongs to. Every code stored so far is NAF rév. 2.
 */
export class EmployerNafVersion1795974448329 implements MigrationInterface {
  name = 'EmployerNafVersion1795974448329';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."naf_version" AS ENUM('rev2', '2025')`);
    // The default makes every existing row rév. 2 and keeps writers that do not know the column
    // right until 2027; without a code the version means nothing and the API shows null.
    await q.query(
      `ALTER TABLE "employers" ADD "naf_version" "public"."naf_version" NOT NULL DEFAULT 'rev2'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "employers" DROP COLUMN "naf_version"`);
    await q.query(`DROP TYPE "public"."naf_version"`);
  }
}
