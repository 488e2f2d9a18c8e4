import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prospect register: active employer establishments of the territory from INSEE's SIRENE
 * files, apart from the employers the Mission Locale works with. An employer whose establishment
 * SIRENE reports closed gets closed_at.
 */
export class Prospects1795976467718 implements MigrationInterface {
  name = 'Prospects1795976467718';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "prospects" ("siret" character(14) NOT NULL, "siren" character(9) NOT NULL, "name" text, "trade_name" text, "naf_code" character varying(6), "naf_version" "public"."naf_version" NOT NULL DEFAULT 'rev2', "headcount_band" character varying(2), "street" text, "postal_code" character varying(5), "insee_code" character varying(5) NOT NULL, "city" text, "epci_code" character varying(9) NOT NULL, "epci_name" text NOT NULL, "created_on" date, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_prospects_siret" PRIMARY KEY ("siret"))`,
    );
    await q.query(`CREATE INDEX "IDX_prospects_epci_code" ON "prospects" ("epci_code")`);
    await q.query(`CREATE INDEX "IDX_prospects_insee_code" ON "prospects" ("insee_code")`);
    await q.query(`ALTER TABLE "employers" ADD "closed_at" TIMESTAMP(3) WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "employers" DROP COLUMN "closed_at"`);
    await q.query(`DROP TABLE "prospects"`);
  }
}
