import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim, send, record (ADR 1613): a mail being sent is a committed `sending` row with a claim
 * token and the time it was claimed, instead of a row lock held through the SMTP exchange. The
 * claim token is set only while the row is `sending`; the partial index finds the rows a dead
 * worker left behind (claimed longer ago than the lease) without reading the sent ones.
 */
export class MailClaim1797200000200 implements MigrationInterface {
  name = 'MailClaim1797200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE email_status ADD VALUE IF NOT EXISTS 'sending' AFTER 'pending'`);
    await q.query(
      `ALTER TABLE outbound_emails ADD COLUMN claim_token uuid, ADD COLUMN claimed_at timestamptz(3)`,
    );
    await q.query(
      `CREATE INDEX outbound_emails_claimed_idx ON outbound_emails (claimed_at) WHERE claim_token IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // A row caught in flight goes back to pending: the sweep sends it (same Message-ID).
    await q.query(`UPDATE outbound_emails SET status = 'pending' WHERE status = 'sending'`);
    await q.query('DROP INDEX outbound_emails_claimed_idx');
    await q.query('ALTER TABLE outbound_emails DROP COLUMN claim_token, DROP COLUMN claimed_at');
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
    await q.query('DROP INDEX outbound_emails_pending_idx');
    await q.query(`ALTER TABLE outbound_emails ALTER COLUMN status DROP DEFAULT`);
    await q.query(`ALTER TYPE email_status RENAME TO email_status_old`);
    await q.query(`CREATE TYPE email_status AS ENUM ('pending', 'sent', 'failed', 'suppressed')`);
    await q.query(
      `ALTER TABLE outbound_emails ALTER COLUMN status TYPE email_status USING status::text::email_status`,
    );
    await q.query(`ALTER TABLE outbound_emails ALTER COLUMN status SET DEFAULT 'pending'`);
    await q.query('DROP TYPE email_status_old');
    await q.query(
      `CREATE INDEX outbound_emails_pending_idx ON outbound_emails (created_at) WHERE status = 'pending'`,
    );
  }
}
