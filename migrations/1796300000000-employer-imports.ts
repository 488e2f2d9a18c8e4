import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background employer imports (ADR 1403): one row per import run as a job, its options, its
 * progress counts (updated after every batch), the capped report of rejected rows and the error
 * that stopped it. The uploaded file is on disk (IMPORT_DIR), never here.
 */
export class EmployerImports1796300000000 implements MigrationInterface {
  name = 'EmployerImports1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."employer_import_status" AS ENUM('queued', 'running', 'done', 'failed')`,
    );
    await q.query(
      `CREATE TABLE "employer_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" "public"."employer_import_status" NOT NULL DEFAULT 'queued', "actor_id" uuid NOT NULL, "format" character varying(4) NOT NULL, "encoding" character varying(12), "dry_run" boolean NOT NULL, "atomic" boolean NOT NULL, "rows_total" integer, "rows_read" integer NOT NULL DEFAULT 0, "created" integer NOT NULL DEFAULT 0, "updated" integer NOT NULL DEFAULT 0, "unchanged" integer NOT NULL DEFAULT 0, "rejected" integer NOT NULL DEFAULT 0, "rejected_rows" jsonb NOT NULL DEFAULT '[]', "rows_omitted" integer NOT NULL DEFAULT 0, "error" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_032d4495cf0d5e1e0ef03b7499b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "employer_imports_actor_idx" ON "employer_imports" ("actor_id", "created_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "employer_imports"`);
    await q.query(`DROP TYPE "public"."employer_import_status"`);
  }
}
