import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { QUEUES } from '../queue/queue.constants.js';

export interface OutboundMessage {
  /** Unique per business fact (`survey-invite-<invitationId>`): a second enqueue is a no-op. */
  idempotencyKey: string;
  recipient: string;
  /** Template name, kept after the body is purged. */
  template: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The body carries a secret (a survey link): drop it as soon as it is sent. */
  purgeOnSend?: boolean;
  subjectType?: string;
  subjectId?: string;
}

export interface StoredBody {
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  purgeOnSend?: boolean;
}

/** Job ids must not contain ':' (BullMQ); one job per outbound email row. */
export const mailJobId = (emailId: string) => `mail-${emailId}`;

/**
 * The mail outbox. `enqueue` writes the row in the caller's transaction (so the mail exists iff the
 * business change committed); `dispatch` queues the send jobs after commit. If the process dies in
 * between, the sweep queues what is still pending.
 */
@Injectable()
export class MailOutbox {
  constructor(
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /**
   * Drops the mails still pending about these subjects (a closed campaign's invitations), with
   * their bodies (which may hold a link): they are never sent.
   */
  async suppressPending(
    m: EntityManager,
    subjectType: string,
    subjectIds: string[],
    reason: string,
  ): Promise<void> {
    if (!subjectIds.length) return;
    await m.query(
      `UPDATE outbound_emails
          SET status = 'suppressed', last_error = $3,
              params = NULL, purged_at = now(), updated_at = now()
        WHERE status = 'pending' AND subject_type = $1 AND subject_id = ANY($2::uuid[])`,
      [subjectType, subjectIds, reason],
    );
  }

  /**
   * RGPD erasure: these addresses leave the outbox. Mails sent to them keep who/when/template but
   * lose the recipient and the body; those still pending are suppressed; any other body quoting
   * one of them (an adviser's digest) has it replaced by `[effacé]`.
   */
  async forgetAddresses(m: EntityManager, addresses: (string | null)[]): Promise<void> {
    const lower = [...new Set(addresses.filter((a): a is string => !!a?.trim()))].map((a) =>
      a.trim().toLowerCase(),
    );
    if (!lower.length) return;
    await m.query(
      `UPDATE outbound_emails
          SET recipient = 'effacé', params = NULL, purged_at = coalesce(purged_at, now()),
              last_error = CASE WHEN status = 'pending' THEN 'recipient erased' ELSE last_error END,
              status = CASE WHEN status = 'pending' THEN 'suppressed'::email_status ELSE status END,
              updated_at = now()
        WHERE lower(recipient) = ANY($1::text[])`,
      [lower],
    );
    const pattern = lower.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    await m.query(
      `UPDATE outbound_emails
          SET params = regexp_replace(params::text, $1, '[effacé]', 'gi')::jsonb, updated_at = now()
        WHERE params IS NOT NULL AND params::text ~* $1`,
      [pattern],
    );
  }

  /**
   * Retention: the bodies of mails written before `cutoff` are dropped (who, when and which
   * template stay). Pending and sending mails keep theirs: purging would make them unsendable. Batched, each
   * batch its own statement, so a long run holds no lock for long. Returns how many were purged.
   */
  async purgeBodiesBefore(cutoff: Date, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const res = (await this.ds.query(
        `UPDATE outbound_emails SET params = NULL, purged_at = now(), updated_at = now()
          WHERE id IN (SELECT id FROM outbound_emails
                        WHERE params IS NOT NULL AND status NOT IN ('pending', 'sending')
                          AND created_at < $1
                        LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      )) as [unknown[], number];
      const n = res[1];
      total += n;
      if (n < batch) return total;
    }
  }

  /** Returns the new row's id, or null when this idempotency key was already enqueued. */
  async enqueue(m: EntityManager, msg: OutboundMessage): Promise<string | null> {
    const body: StoredBody = {
      subject: msg.subject,
      html: msg.html,
      text: msg.text,
      headers: msg.headers,
      purgeOnSend: msg.purgeOnSend,
    };
    const rows = (await m.query(
      `INSERT INTO outbound_emails (idempotency_key, recipient, template, params, message_id, subject_type, subject_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
         CASE WHEN EXISTS (SELECT 1 FROM suppressed_addresses WHERE email = lower($2)) THEN 'suppressed'::email_status ELSE 'pending'::email_status END)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, status`,
      [
        msg.idempotencyKey,
        msg.recipient,
        msg.template,
        body,
        this.messageId(msg.idempotencyKey),
        msg.subjectType ?? null,
        msg.subjectId ?? null,
      ],
    )) as { id: string; status: string }[];
    const row = rows[0];
    return row && row.status === 'pending' ? row.id : null;
  }

  /**
   * `enqueue` for many messages in one statement (a campaign's batch): the same rows, the same
   * no-op on a known idempotency key, the same `suppressed` status for a suppressed address.
   * Returns, in the order of `msgs`, each new pending row's id or null.
   */
  async enqueueMany(m: EntityManager, msgs: OutboundMessage[]): Promise<(string | null)[]> {
    if (!msgs.length) return [];
    // One JSON document, not seven arrays: the bodies (several KB each) are serialised once by
    // JSON.stringify, where a jsonb[] parameter had pg escape every quote of every body in
    // JavaScript (the campaign's fan-out spent most of its client time there, issue 16).
    const rows = (await m.query(
      `INSERT INTO outbound_emails (idempotency_key, recipient, template, params, message_id, subject_type, subject_id, status)
       SELECT x.k, x.r, x.t, x.p, x.mid, x.st, x.sid,
              CASE WHEN EXISTS (SELECT 1 FROM suppressed_addresses WHERE email = lower(x.r))
                   THEN 'suppressed'::email_status ELSE 'pending'::email_status END
         FROM jsonb_to_recordset($1::jsonb)
              AS x(k text, r text, t text, p jsonb, mid text, st text, sid uuid)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, status, idempotency_key`,
      [
        JSON.stringify(
          msgs.map((x) => ({
            k: x.idempotencyKey,
            r: x.recipient,
            t: x.template,
            p: {
              subject: x.subject,
              html: x.html,
              text: x.text,
              headers: x.headers,
              purgeOnSend: x.purgeOnSend,
            } satisfies StoredBody,
            mid: this.messageId(x.idempotencyKey),
            st: x.subjectType ?? null,
            sid: x.subjectId ?? null,
          })),
        ),
      ],
    )) as { id: string; status: string; idempotency_key: string }[];
    const pending = new Map(
      rows.filter((r) => r.status === 'pending').map((r) => [r.idempotency_key, r.id]),
    );
    return msgs.map((x) => pending.get(x.idempotencyKey) ?? null);
  }

  /** Queues send jobs; deterministic job ids make a repeat harmless. Call after the commit. */
  async dispatch(emailIds: (string | null)[]): Promise<void> {
    const ids = emailIds.filter((id): id is string => !!id);
    if (!ids.length) return;
    await this.queue.addBulk(
      ids.map((emailId) => ({
        name: 'send',
        data: { emailId },
        opts: { jobId: mailJobId(emailId) },
      })),
    );
  }

  /** Deterministic Message-ID: the same business mail always has the same id, across retries. */
  messageId(idempotencyKey: string): string {
    const host = new URL(this.config.publicBaseUrl).hostname || 'localhost';
    return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${host}>`;
  }
}
