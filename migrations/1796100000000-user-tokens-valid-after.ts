import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password change, a deactivation and a reactivation revoke every token and web session issued
 * before them: the guards refuse a JWT whose `iat`, or a session whose start, is earlier than
 * this instant (ADR 1420). Null: nothing revoked yet.
 */
export class UserTokensValidAfter1796100000000 implements MigrationInterface {
  name = 'UserTokensValidAfter1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "tokens_valid_after" TIMESTAMP(3) WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "tokens_valid_after"`);
  }
}
