import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SIRENE imports uploaded from the web application (ADR 1703): one row per import run as a job,
 * its progress (file, bytes, rows read and kept) and its report or the error that stopped it.
 * The uploaded files are on disk (IMPORT_DIR), never here.
 */
export class SireneImports1797200000000 implements MigrationInterface {
  name = 'SireneImports1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."sirene_import_status" AS ENUM('queued', 'running', 'done', 'failed')`,
    );
    await q.query(
      `CREATE TABLE "sirene_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" "public"."sirene_import_status" NOT NULL DEFAULT 'queued', "actor_id" uuid NOT NULL, "phase" character varying(16), "bytes_read" bigint NOT NULL DEFAULT '0', "bytes_total" bigint NOT NULL DEFAULT '0', "establishments_read" integer NOT NULL DEFAULT 0, "kept" integer NOT NULL DEFAULT 0, "legal_units_read" integer NOT NULL DEFAULT 0, "prospects" integer, "created" integer, "updated" integer, "unchanged" integer, "removed" integer, "employers_closed" integer, "error" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_3a4c0a04a22a4120efa63349111" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "sirene_imports_actor_idx" ON "sirene_imports" ("actor_id", "created_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sirene_imports"`);
    await q.query(`DROP TYPE "public"."sirene_import_status"`);
  }
}
