import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { StoredBody } from './mail-outbox.service.js';
import { MailTransport, type SentInfo } from './mail.transport.js';
import { classifySmtpError } from './smtp-errors.js';
import { Permits } from './permits.js';
import { StatementBatcher } from './statement-batcher.js';

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  /** Nothing to do: unknown row, already handled, or another session holds its lock right now. */
  | { status: 'skipped'; reason: 'missing' | 'not-pending' | 'busy' }
  /**
   * Another delivery claimed the row and its lease runs until `leaseEndsAt`: it is sending, or it
   * died mid-send. Look again after the lease (the mail job delays itself until then).
   */
  | { status: 'skipped'; reason: 'in-flight'; leaseEndsAt: Date }
  /**
   * Not sent by this run, and the row is `pending` again (never claimed, or its claim handed
   * back): the process is shutting down, or the mail waited too long for an SMTP connection.
   * Another run sends it (the mail job delays itself by a second, not an attempt).
   */
  | { status: 'skipped'; reason: 'closing' | 'connection-wait' }
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

/**
 * A row this delivery claimed: `sending`, with its claim token, committed. `attempts` counts the
 * relay's answers recorded (step 3), not claims: a send cut by a crash is not counted.
 */
export interface ClaimedMail {
  id: string;
  recipient: string;
  params: StoredBody;
  messageId: string;
  token: string;
  /** The row was `sending` past its lease: a delivery before this one died mid-send. */
  reclaimed: boolean;
}

type ClaimResult =
  { status: 'claimed'; mail: ClaimedMail } | Exclude<DeliveryOutcome, { status: 'sent' }>;

interface ClaimRow {
  id: string;
  recipient: string;
  params: StoredBody | null;
  message_id: string;
  status: 'sending' | 'suppressed' | 'failed';
  reclaimed: boolean;
}

const PURGED = 'body purged before sending';

/** A relay's acceptance recorded: $2 provider message id, $3 whether to purge the body. */
const SENT_SET = `status = 'sent', sent_at = now(), provider_message_id = $2, claim_token = NULL,
                  attempts = attempts + 1, last_error = NULL, updated_at = now(),
                  params = CASE WHEN $3 THEN NULL ELSE params END,
                  purged_at = CASE WHEN $3 THEN now() ELSE purged_at END`;

/**
 * Sends one outbox row in three steps, none of which holds a lock or a transaction across the
 * SMTP exchange (ADR 1613):
 *
 * 1. **claim**: one statement turns the row `pending` → `sending` with a fresh claim token and
 *    `claimed_at`, committed (`FOR UPDATE SKIP LOCKED`: two claims cannot both win);
 * 2. **send** over the pooled SMTP transport, no transaction open, no connection held;
 * 3. **record**: one statement marks it `sent` (or `pending` again for a retry, or `failed`),
 *    for this claim token only.
 *
 * A `sending` row is never claimed again while its lease (`MAIL_SEND_LEASE_SECONDS`) runs. Past
 * the lease its sender is taken as dead and the row is claimed and sent again, with the same
 * Message-ID: at least once, a duplicate only when the sender died after the relay's `250` and
 * before its record (docs/background-jobs.md).
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger('MailDelivery');
  private readonly claims = new StatementBatcher((r: { id: string; token: string }[]) =>
    this.claimMany(r),
  );
  private readonly records = new StatementBatcher(
    (r: { id: string; token: string; providerMessageId: string | null; purge: boolean }[]) =>
      this.recordSentMany(r),
  );

  /** One per connection of the SMTP pool (MAIL_SMTP_CONNECTIONS). */
  private readonly connections: Permits;
  /** Longest wait of a claimed mail for its SMTP connection: a quarter of the lease. */
  private readonly connectionWaitMs: number;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.connections = new Permits(config.mailSmtpConnections);
    this.connectionWaitMs = (config.mailSendLeaseSeconds * 1000) / 4;
  }

  async deliver(emailId: string, opts: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
    // Shutting down: a job taken from Redis now leaves its mail unclaimed.
    if (this.closing) return { status: 'skipped', reason: 'closing' };
    // The claim comes before the wait for an SMTP connection: the jobs beyond the connections
    // claim while the others send, so a connection freed finds its next mail claimed already
    // instead of idling for a claim's round trip (issue 16, ADR 1613, second amendment).
    const claim = await this.claim(emailId);
    if (claim.status !== 'claimed') return claim;
    const mail = claim.mail;
    if (mail.reclaimed) this.logger.warn(`mail ${emailId} claimed again after its lease expired`);
    const claimedAt = performance.now();
    type Step = { handBack: 'closing' | 'connection-wait' } | { info: SentInfo } | { err: unknown };
    const step = await this.connections.use(async (): Promise<Step> => {
      // A claimed mail starts its send early in its lease, or not at all: after a stop began, or
      // a wait longer than a quarter of the lease (a relay so slow that the sends ahead took
      // that long), its claim is handed back and another run sends it. A send therefore starts
      // with at least three quarters of the lease left, more than the transport's timeouts.
      if (this.closing) return { handBack: 'closing' };
      if (performance.now() - claimedAt > this.connectionWaitMs)
        return { handBack: 'connection-wait' };
      try {
        const info = await this.transport.send({
          to: mail.recipient,
          subject: mail.params.subject,
          html: mail.params.html,
          text: mail.params.text,
          headers: mail.params.headers,
          messageId: mail.messageId,
        });
        return { info };
      } catch (err) {
        return { err };
      }
    });
    if ('handBack' in step) {
      await this.unclaim(mail);
      return { status: 'skipped', reason: step.handBack };
    }
    if ('err' in step) return this.recordFailure(mail, step.err, opts.finalAttempt);
    await this.recordSent(mail, step.info.providerMessageId);
    return { status: 'sent', providerMessageId: step.info.providerMessageId };
  }

  /**
   * A claim given up before its send: the row is `pending` again, as if never claimed (no
   * attempt counted), for this claim token only.
   */
  private async unclaim(mail: ClaimedMail): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_emails SET status = 'pending', claim_token = NULL, updated_at = now()
        WHERE id = $1 AND claim_token = $2`,
      [mail.id, mail.token],
    );
  }

  /** From now on, no new claim: the sends under way finish and are recorded (graceful stop). */
  stopClaiming(): void {
    this.closing = true;
  }

  /**
   * Step 1, its own short statement (autocommit): the row becomes `sending` under a new claim
   * token, or `suppressed` (address suppressed since it was written), or `failed` (body purged).
   * The claims this process's jobs make during one round trip go together into the next statement
   * (`StatementBatcher`): each row is still taken `FOR UPDATE SKIP LOCKED` and committed before
   * its send.
   */
  async claim(emailId: string): Promise<ClaimResult> {
    const token = randomUUID();
    const row = await this.claims.submit({ id: emailId, token });
    if (!row) return this.whyNotClaimed(emailId);
    if (row.status === 'suppressed') return { status: 'suppressed' };
    if (row.status === 'failed' || !row.params) {
      this.logger.warn(`mail ${emailId} failed`);
      return { status: 'failed', detail: PURGED };
    }
    return {
      status: 'claimed',
      mail: {
        id: row.id,
        recipient: row.recipient,
        params: row.params,
        messageId: row.message_id,
        token,
        reclaimed: row.reclaimed,
      },
    };
  }

  /**
   * One statement for a batch of claims. An id asked twice in one batch (two deliveries of the
   * same row racing) is claimed for the first request only; the other finds it `sending`.
   */
  private async claimMany(
    requests: { id: string; token: string }[],
  ): Promise<(ClaimRow | undefined)[]> {
    const first = new Map<string, number>();
    requests.forEach((r, k) => {
      if (!first.has(r.id)) first.set(r.id, k);
    });
    const distinct = [...first.keys()];
    const rows = (await this.ds.query(
      `WITH c AS (
         SELECT o.id, x.token,
                EXISTS (SELECT 1 FROM suppressed_addresses s WHERE s.email = lower(o.recipient)) AS suppressed,
                o.params IS NULL AS purged,
                o.status = 'sending' AS reclaimed
           FROM outbound_emails o
           JOIN unnest($1::uuid[], $3::uuid[]) AS x(id, token) ON x.id = o.id
          WHERE o.status = 'pending'
                OR (o.status = 'sending' AND o.claimed_at < now() - make_interval(secs => $2))
            FOR UPDATE OF o SKIP LOCKED)
       UPDATE outbound_emails o
          SET status = (CASE WHEN c.suppressed THEN 'suppressed'
                             WHEN c.purged THEN 'failed' ELSE 'sending' END)::email_status,
              claim_token = CASE WHEN c.suppressed OR c.purged THEN NULL ELSE c.token END,
              claimed_at = CASE WHEN c.suppressed OR c.purged THEN o.claimed_at ELSE now() END,
              last_error = CASE WHEN c.purged AND NOT c.suppressed THEN $4 ELSE o.last_error END,
              updated_at = now()
         FROM c
        WHERE o.id = c.id
        RETURNING o.id, o.recipient, o.params, o.message_id, o.status, c.reclaimed`,
      [
        distinct,
        this.config.mailSendLeaseSeconds,
        distinct.map((id) => requests[first.get(id)!]!.token),
        PURGED,
      ],
    )) as [ClaimRow[], number];
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const byId = new Map(rows[0].map((r) => [r.id, r]));
    return requests.map((r, k) => (first.get(r.id) === k ? byId.get(r.id) : undefined));
  }

  /**
   * Step 3 after the relay accepted the message. Like the claims, the records made during one
   * round trip share one statement, each row updated for its own claim token only.
   */
  async recordSent(mail: ClaimedMail, providerMessageId: string | null): Promise<void> {
    const purge = mail.params.purgeOnSend === true;
    if (await this.records.submit({ id: mail.id, token: mail.token, providerMessageId, purge }))
      return;
    // Our lease ran out mid-send and another delivery claimed the row: the relay accepted this
    // copy all the same, so the row is sent; the other copy carries the same Message-ID.
    const [, theirs] = (await this.ds.query(
      `UPDATE outbound_emails SET ${SENT_SET} WHERE id = $1 AND status = 'sending'`,
      [mail.id, providerMessageId, purge],
    )) as [unknown[], number];
    this.logger.warn(
      theirs
        ? `mail ${mail.id} sent after its lease expired: it may arrive twice (same Message-ID)`
        : `mail ${mail.id} sent after its lease expired and was already recorded: it may arrive twice (same Message-ID)`,
    );
  }

  /** One statement for a batch of records; answers, per record, whether its claim still held. */
  private async recordSentMany(
    records: { id: string; token: string; providerMessageId: string | null; purge: boolean }[],
  ): Promise<boolean[]> {
    const [rows] = (await this.ds.query(
      `UPDATE outbound_emails o
          SET status = 'sent', sent_at = now(), provider_message_id = x.pid, claim_token = NULL,
              attempts = o.attempts + 1, last_error = NULL, updated_at = now(),
              params = CASE WHEN x.purge THEN NULL ELSE o.params END,
              purged_at = CASE WHEN x.purge THEN now() ELSE o.purged_at END
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::boolean[]) AS x(id, token, pid, purge)
        WHERE o.id = x.id AND o.claim_token = x.token
        RETURNING x.token`,
      [
        records.map((r) => r.id),
        records.map((r) => r.token),
        records.map((r) => r.providerMessageId),
        records.map((r) => r.purge),
      ],
    )) as [{ token: string }[], number];
    const mine = new Set(rows.map((r) => r.token));
    return records.map((r) => mine.has(r.token));
  }

  /** Step 3 after the send failed: `pending` again for a retry, or `failed` (final). */
  private async recordFailure(
    mail: ClaimedMail,
    err: unknown,
    finalAttempt: boolean,
  ): Promise<DeliveryOutcome> {
    const failure = classifySmtpError(err);
    const final = failure.kind === 'permanent' || finalAttempt;
    await this.ds.query(
      `UPDATE outbound_emails
          SET last_error = $2, updated_at = now(), claim_token = NULL, attempts = attempts + 1,
              status = (CASE WHEN $3 THEN 'failed' ELSE 'pending' END)::email_status
        WHERE id = $1 AND claim_token = $4`,
      [mail.id, failure.detail, final, mail.token],
    );
    if (failure.kind === 'permanent') {
      await this.suppress(mail.recipient, failure.detail);
      this.logger.warn(`mail ${mail.id} rejected permanently, address suppressed`);
      return { status: 'failed', detail: failure.detail };
    }
    if (final) {
      this.logger.warn(`mail ${mail.id} failed`);
      return { status: 'failed', detail: failure.detail };
    }
    this.logger.warn(`mail ${mail.id} deferred`);
    throw new TransientMailError(mail.id, failure.detail);
  }

  /**
   * Marks the address invalid and suppresses the other mails still pending to it. Runs after the
   * failed row is recorded; rows locked by a claim right now are skipped, not waited on, and rows
   * being sent (`sending`) get their own answer from the relay.
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

  private async whyNotClaimed(emailId: string): Promise<ClaimResult> {
    const rows = (await this.ds.query(
      `SELECT status, claimed_at + make_interval(secs => $2) AS lease_ends_at
         FROM outbound_emails WHERE id = $1`,
      [emailId, this.config.mailSendLeaseSeconds],
    )) as { status: string; lease_ends_at: Date | null }[];
    const row = rows[0];
    if (!row) return { status: 'skipped', reason: 'missing' };
    if (row.status === 'pending') return { status: 'skipped', reason: 'busy' };
    if (row.status === 'sending')
      return {
        status: 'skipped',
        reason: 'in-flight',
        leaseEndsAt: row.lease_ends_at ?? new Date(),
      };
    return { status: 'skipped', reason: 'not-pending' };
  }
}
