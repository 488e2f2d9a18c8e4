import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StoredBody } from './mail-outbox.service.js';
import { MailTransport } from './mail.transport.js';
import { classifySmtpError } from './smtp-errors.js';

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  /** Nothing to do: unknown row, already handled, or another worker holds it right now. */
  | { status: 'skipped'; reason: 'missing' | 'not-pending' | 'busy' }
  | { status: 'suppressed' }
  /** Final: a 5xx answer, a body purged before sending, or the last transient attempt. */
  | { status: 'failed'; detail: string };

/** A send that may pass later (SMTP 4xx, connection trouble): the job retries with backoff. */
export class TransientMailError extends Error {
  constructor(
    readonly emailId: string,
    readonly detail: string,
  ) {
    // The detail may name the address: it stays in PostgreSQL, not in Redis or the logs.
    super(`mail ${emailId} deferred, will retry`);
  }
}

interface ClaimedRow {
  id: string;
  recipient: string;
  params: StoredBody | null;
  message_id: string;
}

type TxResult =
  | DeliveryOutcome
  | { status: 'deferred'; detail: string }
  | { status: 'bounced'; detail: string; recipient: string };

/**
 * Sends one outbox row. The row is claimed with `FOR UPDATE SKIP LOCKED` and the lock is held
 * through the SMTP conversation, so two workers (a retry racing a sweep re-queue, two processes)
 * can never both send it: the second sees the row locked and skips, or sees it `sent`.
 * See docs/background-jobs.md for a worker killed mid-send.
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger('MailDelivery');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transport: MailTransport,
  ) {}

  async deliver(emailId: string, opts: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
    const result = await this.ds.transaction(async (m): Promise<TxResult> => {
      const rows = (await m.query(
        `SELECT id, recipient, params, message_id FROM outbound_emails
          WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
        [emailId],
      )) as ClaimedRow[];
      const row = rows[0];
      if (!row) return { status: 'skipped', reason: await this.whyNotClaimed(emailId) };

      const suppressed = (await m.query(
        'SELECT 1 FROM suppressed_addresses WHERE email = lower($1)',
        [row.recipient],
      )) as unknown[];
      if (suppressed.length) {
        await m.query(
          `UPDATE outbound_emails SET status = 'suppressed', updated_at = now() WHERE id = $1`,
          [row.id],
        );
        return { status: 'suppressed' };
      }
      if (!row.params) {
        const detail = 'body purged before sending';
        await m.query(
          `UPDATE outbound_emails SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1`,
          [row.id, detail],
        );
        return { status: 'failed', detail };
      }

      const body = row.params;
      try {
        const info = await this.transport.send({
          to: row.recipient,
          subject: body.subject,
          html: body.html,
          text: body.text,
          headers: body.headers,
          messageId: row.message_id,
        });
        await m.query(
          `UPDATE outbound_emails
              SET status = 'sent', sent_at = now(), provider_message_id = $2, attempts = attempts + 1,
                  last_error = NULL, updated_at = now(),
                  params = CASE WHEN $3 THEN NULL ELSE params END,
                  purged_at = CASE WHEN $3 THEN now() ELSE purged_at END
            WHERE id = $1`,
          [row.id, info.providerMessageId, body.purgeOnSend === true],
        );
        return { status: 'sent', providerMessageId: info.providerMessageId };
      } catch (err) {
        const failure = classifySmtpError(err);
        const final = failure.kind === 'permanent' || opts.finalAttempt;
        await m.query(
          `UPDATE outbound_emails
              SET attempts = attempts + 1, last_error = $2, updated_at = now(),
                  status = CASE WHEN $3 THEN 'failed'::email_status ELSE status END
            WHERE id = $1`,
          [row.id, failure.detail, final],
        );
        if (failure.kind === 'permanent')
          return { status: 'bounced', detail: failure.detail, recipient: row.recipient };
        return final
          ? { status: 'failed', detail: failure.detail }
          : { status: 'deferred', detail: failure.detail };
      }
    });

    switch (result.status) {
      case 'deferred':
        this.logger.warn(`mail ${emailId} deferred`);
        throw new TransientMailError(emailId, result.detail);
      case 'bounced':
        await this.suppress(result.recipient, result.detail);
        this.logger.warn(`mail ${emailId} rejected permanently, address suppressed`);
        return { status: 'failed', detail: result.detail };
      case 'failed':
        this.logger.warn(`mail ${emailId} failed`);
        return result;
      default:
        return result;
    }
  }

  /**
   * Marks the address invalid and suppresses the other mails still pending to it. Runs after the
   * failed row is committed; rows another worker is sending right now are skipped, not waited on
   * (two bounces to one address would otherwise deadlock).
   */
  private async suppress(recipient: string, reason: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO suppressed_addresses (email, reason) VALUES (lower($1), $2) ON CONFLICT (email) DO NOTHING`,
        [recipient, reason],
      );
      await m.query(
        `UPDATE outbound_emails SET status = 'suppressed', updated_at = now()
          WHERE id IN (SELECT id FROM outbound_emails
                        WHERE lower(recipient) = lower($1) AND status = 'pending'
                        FOR UPDATE SKIP LOCKED)`,
        [recipient],
      );
    });
  }

  private async whyNotClaimed(emailId: string): Promise<'missing' | 'not-pending' | 'busy'> {
    const rows = (await this.ds.query('SELECT status FROM outbound_emails WHERE id = $1', [
      emailId,
    ])) as { status: string }[];
    if (!rows[0]) return 'missing';
    return rows[0].status === 'pending' ? 'busy' : 'not-pending';
  }
}
