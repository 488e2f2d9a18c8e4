import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One random token per survey mailing (invitation, each reminder, each renewed link), stored only as
 * its SHA-256, all valid until the campaign closes. The invitation keeps the hash of its first token.
 */
export class SurveyTokens1764147000000 implements MigrationInterface {
  name = 'SurveyTokens1764147000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "survey_tokens" ("token_hash" bytea NOT NULL, "invitation_id" uuid NOT NULL, "purpose" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_survey_tokens_token_hash" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_survey_tokens_invitation_id" ON "survey_tokens" ("invitation_id") `,
    );
    await q.query(
      `ALTER TABLE "survey_tokens" ADD CONSTRAINT "FK_survey_tokens_invitation_id" FOREIGN KEY ("invitation_id") REFERENCES "survey_invitations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "survey_tokens"`);
  }
}
