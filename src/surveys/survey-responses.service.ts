import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { Clock, localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  answerRows,
  answersFromRows,
  parseSurveyForm,
  type FormError,
  type SurveyAnswers,
} from './questionnaire.js';
import { SurveyMailer, type MailTarget } from './survey-mailer.js';
import { hashSurveyToken, isSurveyTokenShape, tokenMatches } from './survey-tokens.js';

/** What a token opens, read fresh on every request. */
export interface TokenContext {
  invitationId: string;
  employerId: string;
  contactPersonId: string | null;
  email: string;
  employerName: string;
  campaignId: string;
  year: number;
  /** open = running and before its closing instant */
  open: boolean;
  closesAt: Date;
  closesOn: string;
  optedOut: boolean;
}

export type ShowResult =
  | { kind: 'not_found' }
  | { kind: 'closed'; ctx: TokenContext }
  | { kind: 'form'; ctx: TokenContext; answers: SurveyAnswers; answered: boolean };

export type SubmitResult =
  | { kind: 'not_found' }
  | { kind: 'closed'; ctx: TokenContext }
  | { kind: 'invalid'; ctx: TokenContext; errors: FormError[] }
  | { kind: 'saved'; ctx: TokenContext };

interface ContextRow {
  token_hash: Buffer;
  invitation_id: string;
  employer_id: string;
  contact_person_id: string | null;
  email: string;
  name: string;
  campaign_id: string;
  year: number;
  status: string;
  closes_at: Date | null;
  inv_opted_out_at: Date | null;
  contact_opted_out_at: Date | null;
}

const CONTEXT_SQL = `
SELECT t.token_hash, i.id AS invitation_id, i.employer_id, i.contact_person_id, i.email,
       coalesce(nullif(btrim(e.trade_name), ''), e.legal_name) AS name,
       c.id AS campaign_id, c.year, c.status, c.closes_at,
       i.opted_out_at AS inv_opted_out_at, cp.opted_out_at AS contact_opted_out_at
FROM survey_tokens t
JOIN survey_invitations i ON i.id = t.invitation_id
JOIN survey_campaigns c ON c.id = i.campaign_id
JOIN employers e ON e.id = i.employer_id
LEFT JOIN contact_persons cp ON cp.id = i.contact_person_id
WHERE t.token_hash = $1`;

/** The public side of the survey: every entry point takes the token from the link. */
@Injectable()
export class SurveyResponsesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly mailer: SurveyMailer,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async resolve(token: string, m: EntityManager = this.ds.manager): Promise<TokenContext | null> {
    if (!isSurveyTokenShape(token)) return null;
    const rows = (await m.query(CONTEXT_SQL, [hashSurveyToken(token)])) as ContextRow[];
    const r = rows[0];
    if (!r || !tokenMatches(token, r.token_hash)) return null;
    const now = this.clock.now();
    const closesAt = r.closes_at ?? now;
    return {
      invitationId: r.invitation_id,
      employerId: r.employer_id,
      contactPersonId: r.contact_person_id,
      email: r.email,
      employerName: r.name,
      campaignId: r.campaign_id,
      year: r.year,
      open: r.status === 'running' && closesAt > now,
      closesAt,
      // The last full day: a campaign closing at 09:00 on the 12th is answerable "until the 12th".
      closesOn: localDate(new Date(closesAt.getTime() - 1), this.config.timeZone),
      optedOut: !!(r.inv_opted_out_at ?? r.contact_opted_out_at),
    };
  }

  /** GET /s/:token: reads only (link scanners open every link). */
  async show(token: string): Promise<ShowResult> {
    const ctx = await this.resolve(token);
    if (!ctx) return { kind: 'not_found' };
    if (!ctx.open) return { kind: 'closed', ctx };
    const rows = (await this.ds.query(
      `SELECT a.question_key AS "questionKey", a.value
       FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id
       WHERE r.invitation_id = $1`,
      [ctx.invitationId],
    )) as { questionKey: string; value: unknown }[];
    return { kind: 'form', ctx, answers: answersFromRows(rows), answered: rows.length > 0 };
  }

  /** POST /s/:token: validates, then records or replaces the answers while the campaign is open. */
  async submit(token: string, body: unknown): Promise<SubmitResult> {
    const parsed = parseSurveyForm(body);
    return this.ds.transaction(async (m) => {
      const ctx = await this.resolve(token, m);
      if (!ctx) return { kind: 'not_found' } as const;
      // Lock the campaign row in share mode: closing waits for this answer, or this sees it closed.
      const c = (await m.query(
        'SELECT status, closes_at FROM survey_campaigns WHERE id = $1 FOR SHARE',
        [ctx.campaignId],
      )) as { status: string; closes_at: Date | null }[];
      const now = this.clock.now();
      if (!c[0] || c[0].status !== 'running' || !c[0].closes_at || c[0].closes_at <= now)
        return { kind: 'closed', ctx } as const;
      if (!parsed.ok) return { kind: 'invalid', ctx, errors: parsed.errors } as const;
      const saved = (await m.query(
        `INSERT INTO survey_responses (invitation_id, submitted_at) VALUES ($1, $2)
         ON CONFLICT (invitation_id) DO UPDATE SET submitted_at = EXCLUDED.submitted_at, updated_at = now()
         RETURNING id, (xmax = 0) AS created`,
        [ctx.invitationId, now],
      )) as { id: string; created: boolean }[];
      const responseId = saved[0]!.id;
      await m.query('DELETE FROM survey_answers WHERE response_id = $1', [responseId]);
      const rows = answerRows(parsed.answers);
      await m.query(
        `INSERT INTO survey_answers (response_id, question_key, value)
         SELECT $1, k, v FROM unnest($2::text[], $3::jsonb[]) AS x(k, v)`,
        [responseId, rows.map((r) => r.questionKey), rows.map((r) => JSON.stringify(r.value))],
      );
      await m.query(
        `UPDATE survey_invitations SET answered_at = coalesce(answered_at, $2), updated_at = now() WHERE id = $1`,
        [ctx.invitationId, now],
      );
      await this.audit.record(m, {
        actorId: null,
        action: saved[0]!.created ? 'create' : 'update',
        entity: 'survey_response',
        entityId: responseId,
        // Which questions were answered, not what: the answers are in survey_answers.
        after: { invitationId: ctx.invitationId, questions: rows.map((r) => r.questionKey) },
      });
      return { kind: 'saved', ctx } as const;
    });
  }

  /** POST /s/:token/unsubscribe (also the RFC 8058 one-click target); works after closing too. */
  async unsubscribe(token: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const ctx = await this.resolve(token, m);
      if (!ctx) return false;
      const now = this.clock.now();
      await m.query(
        `UPDATE survey_invitations SET opted_out_at = coalesce(opted_out_at, $2), updated_at = now() WHERE id = $1`,
        [ctx.invitationId, now],
      );
      if (ctx.contactPersonId) await this.contacts.recordOptOut(m, ctx.contactPersonId, now);
      return true;
    });
  }

  /**
   * POST /s/:token/renew: a fresh link to the invited address. The token may be from a closed
   * campaign (last year's mail): the fresh link is then for the same employer's running campaign.
   * At most one renewed link per invitation per day.
   */
  async renew(token: string): Promise<'not_found' | 'done'> {
    const ctx = await this.resolve(token);
    if (!ctx) return 'not_found';
    const now = this.clock.now();
    const targets = (await this.ds.query(
      `${TARGET_SQL} AND i.employer_id = $2 ORDER BY c.year DESC LIMIT 1`,
      [now, ctx.employerId],
    )) as TargetRow[];
    await this.sendFresh(targets, 'renew', now);
    return 'done';
  }

  /** POST /s/lost: fresh links for every running invitation sent to that address; same answer always. */
  async lost(email: unknown): Promise<void> {
    if (typeof email !== 'string') return;
    const address = email.trim();
    if (!address || address.length > 320 || !address.includes('@')) return;
    const now = this.clock.now();
    const targets = (await this.ds.query(`${TARGET_SQL} AND lower(i.email) = lower($2) LIMIT 10`, [
      now,
      address,
    ])) as TargetRow[];
    await this.sendFresh(targets, 'lost', now);
  }

  private async sendFresh(targets: TargetRow[], purpose: 'renew' | 'lost', now: Date) {
    const day = localDate(now, this.config.timeZone);
    const ids = await this.ds.transaction(async (m) => {
      const out: (string | null)[] = [];
      for (const t of targets) {
        const target: MailTarget = {
          invitationId: t.id,
          email: t.email,
          employerName: t.name,
          year: t.year,
          closesAt: t.closes_at,
        };
        out.push(
          await this.mailer.enqueue(
            m,
            target,
            'renew',
            purpose,
            `survey-${purpose}-${t.id}-${day}`,
          ),
        );
      }
      return out;
    });
    await this.mailer.dispatch(ids);
  }
}

interface TargetRow {
  id: string;
  email: string;
  name: string;
  year: number;
  closes_at: Date;
}

// Invitations of running campaigns that may still be mailed (nobody opted out, not suppressed).
const TARGET_SQL = `
SELECT i.id, i.email, coalesce(nullif(btrim(e.trade_name), ''), e.legal_name) AS name, c.year, c.closes_at
FROM survey_invitations i
JOIN survey_campaigns c ON c.id = i.campaign_id
JOIN employers e ON e.id = i.employer_id
LEFT JOIN contact_persons cp ON cp.id = i.contact_person_id
WHERE c.status = 'running' AND c.closes_at > $1
  AND i.opted_out_at IS NULL
  AND (cp.id IS NULL OR (cp.opted_out_at IS NULL AND cp.erased_at IS NULL))
  AND NOT EXISTS (SELECT 1 FROM suppressed_addresses s WHERE s.email = lower(i.email))`;
