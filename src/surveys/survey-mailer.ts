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

  dispatch(ids: (string | null)[]): Promise<void> {
    return this.outbox.dispatch(ids);
  }
}
