import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { mailboxOf, renderSurveyMail, type SurveyMailKind } from './survey-mail.js';
import { newSurveyToken } from './survey-tokens.js';

export interface MailTarget {
  invitationId: string;
  email: string;
  employerName: string;
  year: number;
  closesAt: Date;
}

export const SURVEY_TEMPLATES: Record<SurveyMailKind, string> = {
  invite: 'survey-invite',
  reminder: 'survey-reminder',
  renew: 'survey-renew',
};

/**
 * Writes one survey mailing into the outbox, inside the caller's transaction: a fresh token (its
 * hash stored, the clear value only in the outbox body, purged once sent) and the rendered mail.
 */
@Injectable()
export class SurveyMailer {
  constructor(
    private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns the outbox id to dispatch after commit, or null when this key was already mailed. */
  async enqueue(
    m: EntityManager,
    t: MailTarget,
    kind: SurveyMailKind,
    purpose: string,
    idempotencyKey: string,
    token = newSurveyToken(),
  ): Promise<string | null> {
    const existing = (await m.query('SELECT 1 FROM outbound_emails WHERE idempotency_key = $1', [
      idempotencyKey,
    ])) as unknown[];
    if (existing.length) return null;
    await m.query(
      `INSERT INTO survey_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, $3)
       ON CONFLICT (token_hash) DO NOTHING`,
      [token.hash, t.invitationId, purpose],
    );
    const mail = renderSurveyMail({
      kind,
      year: t.year,
      employerName: t.employerName,
      publicBaseUrl: this.config.publicBaseUrl,
      token: token.token,
      closesOn: localDate(new Date(t.closesAt.getTime() - 1), this.config.timeZone),
      unsubscribeMailbox: mailboxOf(this.config.mailFrom),
    });
    const id = await this.outbox.enqueue(m, {
      idempotencyKey,
      recipient: t.email,
      template: SURVEY_TEMPLATES[kind],
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: mail.headers,
      purgeOnSend: true,
      subjectType: 'survey_invitation',
      subjectId: t.invitationId,
    });
    // Not mailed (a concurrent enqueue won, or the address is suppressed): the token must not live.
    if (!id) await m.query('DELETE FROM survey_tokens WHERE token_hash = $1', [token.hash]);
    return id;
  }

  /**
   * `enqueue` for a batch of invitations (a campaign's fan-out): a few statements for the whole
   * batch instead of three per mail. Returns the outbox ids in the order of `items`.
   */
  async enqueueMany(
    m: EntityManager,
    items: {
      target: MailTarget;
      kind: SurveyMailKind;
      purpose: string;
      idempotencyKey: string;
      token: { token: string; hash: Buffer };
    }[],
  ): Promise<(string | null)[]> {
    if (!items.length) return [];
    const known = new Set(
      (
        (await m.query(
          'SELECT idempotency_key FROM outbound_emails WHERE idempotency_key = ANY($1::text[])',
          [items.map((i) => i.idempotencyKey)],
        )) as { idempotency_key: string }[]
      ).map((r) => r.idempotency_key),
    );
    const fresh = items.filter((i) => !known.has(i.idempotencyKey));
    if (!fresh.length) return items.map(() => null);
    await m.query(
      `INSERT INTO survey_tokens (token_hash, invitation_id, purpose)
       SELECT * FROM unnest($1::bytea[], $2::uuid[], $3::text[])
       ON CONFLICT (token_hash) DO NOTHING`,
      [
        fresh.map((i) => i.token.hash),
        fresh.map((i) => i.target.invitationId),
        fresh.map((i) => i.purpose),
      ],
    );
    const unsubscribeMailbox = mailboxOf(this.config.mailFrom);
    // One closing date per campaign: formatted once per batch, not once per mail.
    const closesOn = new Map<number, string>();
    const closingDay = (closesAt: Date): string => {
      const at = closesAt.getTime();
      let day = closesOn.get(at);
      if (day === undefined) {
        day = localDate(new Date(at - 1), this.config.timeZone);
        closesOn.set(at, day);
      }
      return day;
    };
    const ids = await this.outbox.enqueueMany(
      m,
      fresh.map((i) => {
        const mail = renderSurveyMail({
          kind: i.kind,
          year: i.target.year,
          employerName: i.target.employerName,
          publicBaseUrl: this.config.publicBaseUrl,
          token: i.token.token,
          closesOn: closingDay(i.target.closesAt),
          unsubscribeMailbox,
        });
        return {
          idempotencyKey: i.idempotencyKey,
          recipient: i.target.email,
          template: SURVEY_TEMPLATES[i.kind],
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: mail.headers,
          purgeOnSend: true,
          subjectType: 'survey_invitation',
          subjectId: i.target.invitationId,
        };
      }),
    );
    // Not mailed (a concurrent enqueue won, or the address is suppressed): the token must not live.
    const dead = fresh.filter((_, k) => !ids[k]).map((i) => i.token.hash);
    if (dead.length)
      await m.query('DELETE FROM survey_tokens WHERE token_hash = ANY($1::bytea[])', [dead]);
    const byKey = new Map(fresh.map((i, k) => [i.idempotencyKey, ids[k] ?? null]));
    return items.map((i) => byKey.get(i.idempotencyKey) ?? null);
  }

  dispatch(ids: (string | null)[]): Promise<void> {
    return this.outbox.dispatch(ids);
  }
}
