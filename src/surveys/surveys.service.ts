import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { affectedRows, isUniqueViolation } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { QUEUES } from '../queue/queue.constants.js';
import { SurveyCampaign } from './survey-campaign.entity.js';
import { SURVEY_JOBS } from './survey-job-names.js';
import { SurveyMailer } from './survey-mailer.js';
import {
  audienceWindowStart,
  closesAtFor,
  DEFAULT_DURATION_DAYS,
  DEFAULT_REMINDER_DAYS,
  dueReminderDay,
  surveyedYear,
} from './survey-schedule.js';
import { newSurveyToken } from './survey-tokens.js';
import {
  toCampaignResponse,
  type CampaignCounts,
  type CampaignResponse,
  type CreateCampaignDto,
} from './surveys.dto.js';

/** Rows per transaction when fanning out a campaign: bounded locks and memory at any scale. */
export const FAN_OUT_BATCH = 500;
/** An ML's audience (hundreds) is invited within the launch request; beyond this, by a job. */
export const LAUNCH_SYNC_BUDGET_MS = 10_000;

interface AudienceRow {
  employer_id: string;
  contact_id: string;
  email: string;
  name: string;
}

interface TargetRow {
  id: string;
  email: string;
  name: string;
}

// The audience (docs/product.md): non-archived employers with an interaction, offer or placement in
// the 12 months before launch, not yet invited; the recipient is the survey-recipient contact,
// else the primary contact, among contacts with an email, not opted out, not erased, not suppressed.
const AUDIENCE_SQL = `
SELECT e.id AS employer_id, c.id AS contact_id, btrim(c.email) AS email,
       coalesce(nullif(btrim(e.trade_name), ''), e.legal_name) AS name
FROM employers e
CROSS JOIN LATERAL (
  SELECT cp.id, cp.email
  FROM contact_persons cp
  WHERE cp.employer_id = e.id
    AND (cp.survey_recipient OR cp.is_primary)
    AND cp.email IS NOT NULL AND btrim(cp.email) <> ''
    AND cp.opted_out_at IS NULL AND cp.erased_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM suppressed_addresses s WHERE s.email = lower(btrim(cp.email)))
  ORDER BY cp.survey_recipient DESC, cp.is_primary DESC, cp.created_at, cp.id
  LIMIT 1
) c
WHERE e.status <> 'archived'
  AND (
    EXISTS (SELECT 1 FROM interactions x WHERE x.employer_id = e.id AND x.occurred_at >= $2 AND x.occurred_at < $3)
    OR EXISTS (SELECT 1 FROM job_offers o WHERE o.employer_id = e.id AND o.created_at >= $2 AND o.created_at < $3)
    OR EXISTS (SELECT 1 FROM placements p WHERE p.employer_id = e.id
               AND ((p.created_at >= $2 AND p.created_at < $3) OR (p.hired_at >= $2 AND p.hired_at < $3)))
  )
  AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.campaign_id = $1 AND i.employer_id = e.id)
ORDER BY e.id
LIMIT $4`;

// Invitations due a reminder: invitation mail sent, no answer, nobody opted out, address not
// suppressed, this reminder not mailed yet.
const REMINDER_TARGETS_SQL = `
SELECT i.id, i.email, coalesce(nullif(btrim(e.trade_name), ''), e.legal_name) AS name
FROM survey_invitations i
JOIN employers e ON e.id = i.employer_id
LEFT JOIN contact_persons cp ON cp.id = i.contact_person_id
WHERE i.campaign_id = $1 AND i.id > $3
  AND i.answered_at IS NULL AND i.opted_out_at IS NULL
  AND (cp.id IS NULL OR (cp.opted_out_at IS NULL AND cp.erased_at IS NULL))
  AND NOT EXISTS (SELECT 1 FROM suppressed_addresses s WHERE s.email = lower(i.email))
  AND EXISTS (SELECT 1 FROM outbound_emails o WHERE o.idempotency_key = 'survey-invite-' || i.id AND o.status = 'sent')
  AND NOT EXISTS (SELECT 1 FROM outbound_emails o WHERE o.idempotency_key = 'survey-reminder-' || i.id || '-' || $2)
ORDER BY i.id
LIMIT $4`;

const COUNTS_SQL = `
SELECT c.id AS campaign_id,
  count(i.id)::int AS invited,
  count(i.id) FILTER (WHERE i.answered_at IS NOT NULL)::int AS answered,
  count(i.id) FILTER (WHERE i.opted_out_at IS NOT NULL)::int AS opted_out,
  count(i.id) FILTER (WHERE inv.status = 'sent')::int AS delivered,
  count(i.id) FILTER (WHERE inv.status = 'failed')::int AS bounced,
  count(i.id) FILTER (WHERE EXISTS (
    SELECT 1 FROM outbound_emails r
    WHERE r.idempotency_key IN (SELECT 'survey-reminder-' || i.id || '-' || d FROM unnest(c.reminder_days) d)
      AND r.status = 'sent'))::int AS reminded
FROM survey_campaigns c
LEFT JOIN survey_invitations i ON i.campaign_id = c.id
LEFT JOIN outbound_emails inv ON inv.idempotency_key = 'survey-invite-' || i.id
WHERE c.id = ANY($1::uuid[])
GROUP BY c.id`;

@Injectable()
export class SurveysService {
  private readonly logger = new Logger('SurveysService');
  /** Wall-clock time a launch request spends fanning out before handing the rest to a job. */
  launchBudgetMs = LAUNCH_SYNC_BUDGET_MS;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly mailer: SurveyMailer,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.surveys) private readonly queue: Queue,
  ) {}

  /**
   * Employer merge: the survey invitations of `from` move to `to`, in the caller's transaction.
   * One invitation per (campaign, employer): when both were invited to the same campaign the
   * target's invitation stays; an answer only the source gave moves onto it; the source's
   * invitation is then deleted. An answer dropped because the target answered too is returned,
   * for the merge's audit entry.
   */
  async reassignEmployer(
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<{ moved: number; dropped: number; droppedResponses: unknown[] }> {
    const clashes: {
      source_inv: string;
      target_inv: string;
      source_resp: string | null;
      target_resp: string | null;
    }[] = await m.query(
      `SELECT s.id AS source_inv, t.id AS target_inv, rs.id AS source_resp, rt.id AS target_resp
           FROM survey_invitations s
           JOIN survey_invitations t ON t.campaign_id = s.campaign_id AND t.employer_id = $2
           LEFT JOIN survey_responses rs ON rs.invitation_id = s.id
           LEFT JOIN survey_responses rt ON rt.invitation_id = t.id
          WHERE s.employer_id = $1`,
      [from, to],
    );
    const droppedResponses: unknown[] = [];
    for (const c of clashes) {
      if (c.source_resp && !c.target_resp) {
        await m.query('UPDATE survey_responses SET invitation_id = $2 WHERE id = $1', [
          c.source_resp,
          c.target_inv,
        ]);
        await m.query(
          `UPDATE survey_invitations t SET answered_at = s.answered_at
             FROM survey_invitations s WHERE t.id = $2 AND s.id = $1`,
          [c.source_inv, c.target_inv],
        );
      } else if (c.source_resp) {
        const [kept] = await m.query(
          `SELECT r.submitted_at AS "submittedAt",
                  (SELECT coalesce(jsonb_object_agg(question_key, value), '{}'::jsonb)
                     FROM survey_answers WHERE response_id = r.id) AS answers
             FROM survey_responses r WHERE r.id = $1`,
          [c.source_resp],
        );
        droppedResponses.push({ invitationId: c.source_inv, ...kept });
      }
      await m.query('DELETE FROM survey_invitations WHERE id = $1', [c.source_inv]);
    }
    const moved = affectedRows(
      await m.query('UPDATE survey_invitations SET employer_id = $2 WHERE employer_id = $1', [
        from,
        to,
      ]),
    );
    return { moved, dropped: clashes.length, droppedResponses };
  }

  /** A contact person erased: the address their invitations went to is their data too. */
  async forgetContact(m: EntityManager, contactPersonId: string): Promise<string[]> {
    // An erased person is never mailed again: their invitations count as opted out, so no
    // reminder and no renewed link reaches them (both skip opted-out invitations). The addresses
    // are returned so the outbox can forget them as well.
    const [rows] = (await m.query(
      `WITH old AS (SELECT id, email FROM survey_invitations WHERE contact_person_id = $1 FOR UPDATE)
       UPDATE survey_invitations i
          SET email = 'effacé', contact_person_id = NULL,
              opted_out_at = coalesce(i.opted_out_at, $2), updated_at = now()
         FROM old WHERE i.id = old.id
       RETURNING old.email`,
      [contactPersonId, this.clock.now()],
    )) as [{ email: string }[], number];
    return [...new Set(rows.map((r) => r.email))];
  }

  async create(dto: CreateCampaignDto, actorId: string | null): Promise<CampaignResponse> {
    const id = await this.ds.transaction(async (m) => {
      try {
        const repo = m.getRepository(SurveyCampaign);
        const c = await repo.save(
          repo.create({
            year: dto.year,
            status: 'draft',
            reminderDays: normaliseReminderDays(dto.reminderDays ?? DEFAULT_REMINDER_DAYS),
            durationDays: dto.durationDays ?? DEFAULT_DURATION_DAYS,
          }),
        );
        await this.audit.record(m, {
          actorId,
          action: 'create',
          entity: 'survey_campaign',
          entityId: c.id,
          after: auditView(c),
        });
        return c.id;
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DomainError('CAMPAIGN_EXISTS', `A campaign already exists for ${dto.year}`);
        throw err;
      }
    });
    return this.get(id);
  }

  async get(id: string): Promise<CampaignResponse> {
    const c = await this.ds.getRepository(SurveyCampaign).findOneBy({ id });
    if (!c) throw DomainError.notFound('Survey campaign');
    const counts = await this.counts([id]);
    return toCampaignResponse(c, counts.get(id) ?? emptyCounts());
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<CampaignResponse>> {
    const after = decodeCursor(cursor, 2);
    const qb = this.ds
      .getRepository(SurveyCampaign)
      .createQueryBuilder('c')
      .orderBy('c.year', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (after) {
      if (typeof after[0] !== 'number' || typeof after[1] !== 'string')
        throw DomainError.invalid('cursor', 'cursor is not valid');
      qb.where('(c.year, c.id) < (:year, :id)', { year: after[0], id: after[1] });
    }
    const rows = await qb.getMany();
    const counts = await this.counts(rows.map((r) => r.id));
    return toPage(
      rows,
      limit,
      (c) => [c.year, c.id],
      (c) => toCampaignResponse(c, counts.get(c.id) ?? emptyCounts()),
    );
  }

  /**
   * Draft → running, then invitations to the whole audience. On a running campaign it resumes
   * the fan-out (a launch interrupted half-way completes; one already complete sends nothing).
   */
  async launch(id: string, actorId: string | null): Promise<CampaignResponse> {
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(SurveyCampaign);
      const c = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw DomainError.notFound('Survey campaign');
      if (c.status === 'closed')
        throw new DomainError('TRANSITION_NOT_ALLOWED', 'A closed campaign cannot be launched');
      if (c.status === 'running') return;
      const before = auditView(c);
      c.status = 'running';
      c.launchedAt = now;
      c.closesAt = closesAtFor(now, c.durationDays, this.config.timeZone);
      await repo.save(c);
      await this.audit.record(m, {
        actorId,
        action: 'launch',
        entity: 'survey_campaign',
        entityId: id,
        before,
        after: auditView(c),
      });
    });
    const { complete } = await this.fanOut(id, Date.now() + this.launchBudgetMs);
    // A national-size audience: the rest is a job (ids only), resumed by any worker.
    if (!complete)
      await this.queue.add(
        SURVEY_JOBS.launch,
        { campaignId: id },
        { jobId: `${SURVEY_JOBS.launch}-${id}` },
      );
    return this.get(id);
  }

  /**
   * Creates invitations (and their outbox mails) for the not-yet-invited audience, one batch per
   * transaction, until done or past `deadline` (epoch ms): `complete` says whether anyone is left.
   */
  async fanOut(
    id: string,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<{ created: number; complete: boolean }> {
    let created = 0;
    for (;;) {
      const { ids, done, count } = await this.ds.transaction(async (m) => {
        const rows = (await m.query(
          `SELECT year, status, launched_at, closes_at FROM survey_campaigns WHERE id = $1 FOR UPDATE`,
          [id],
        )) as { year: number; status: string; launched_at: Date; closes_at: Date }[];
        const c = rows[0];
        // Nobody is invited to a campaign past its closing date, even before the close job ran.
        if (!c || c.status !== 'running' || c.closes_at <= this.clock.now())
          return { ids: [], done: true, count: 0 };
        const audience = (await m.query(AUDIENCE_SQL, [
          id,
          audienceWindowStart(c.launched_at),
          c.launched_at,
          FAN_OUT_BATCH,
        ])) as AudienceRow[];
        if (!audience.length) return { ids: [], done: true, count: 0 };
        const tokens = audience.map(() => newSurveyToken());
        const inserted = (await m.query(
          `INSERT INTO survey_invitations (campaign_id, employer_id, contact_person_id, email, token_hash)
           SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bytea[])
           ON CONFLICT (campaign_id, employer_id) DO NOTHING
           RETURNING id, employer_id`,
          [
            id,
            audience.map((a) => a.employer_id),
            audience.map((a) => a.contact_id),
            audience.map((a) => a.email),
            tokens.map((t) => t.hash),
          ],
        )) as { id: string; employer_id: string }[];
        const byEmployer = new Map(
          audience.map((a, k) => [a.employer_id, { a, token: tokens[k] }]),
        );
        // The batch's mails in a few statements, not three per invitation (ADR 1613).
        const emailIds = await this.mailer.enqueueMany(
          m,
          inserted.flatMap((inv) => {
            const hit = byEmployer.get(inv.employer_id);
            if (!hit || !hit.token) return [];
            return [
              {
                target: {
                  invitationId: inv.id,
                  email: hit.a.email,
                  employerName: hit.a.name,
                  year: c.year,
                  closesAt: c.closes_at,
                },
                kind: 'invite' as const,
                purpose: 'invite',
                idempotencyKey: `survey-invite-${inv.id}`,
                token: hit.token,
              },
            ];
          }),
        );
        return {
          ids: emailIds,
          // No progress would mean looping forever: stop and let the next run retry.
          done: audience.length < FAN_OUT_BATCH || inserted.length === 0,
          count: inserted.length,
        };
      });
      await this.mailer.dispatch(ids);
      created += count;
      if (done) return { created, complete: true };
      if (Date.now() >= deadline) return { created, complete: false };
    }
  }

  async close(id: string, actorId: string | null): Promise<CampaignResponse> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(SurveyCampaign);
      const c = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw DomainError.notFound('Survey campaign');
      if (c.status === 'draft')
        throw new DomainError('TRANSITION_NOT_ALLOWED', 'A draft campaign cannot be closed');
      if (c.status === 'closed') return;
      await this.closeLocked(m, c, actorId);
    });
    return this.get(id);
  }

  private async closeLocked(
    m: EntityManager,
    c: SurveyCampaign,
    actorId: string | null,
  ): Promise<void> {
    const before = auditView(c);
    const now = this.clock.now();
    c.status = 'closed';
    c.closedAt = now;
    if (!c.closesAt || c.closesAt > now) c.closesAt = now;
    await m.getRepository(SurveyCampaign).save(c);
    // Mails not sent yet would only lead to the "closed" page: drop them, and their clear tokens.
    const invitations: { id: string }[] = await m.query(
      'SELECT id FROM survey_invitations WHERE campaign_id = $1',
      [c.id],
    );
    await this.outbox.suppressPending(
      m,
      'survey_invitation',
      invitations.map((i) => i.id),
      'campaign closed before sending',
    );
    await this.audit.record(m, {
      actorId,
      action: 'close',
      entity: 'survey_campaign',
      entityId: c.id,
      before,
      after: auditView(c),
    });
  }

  /** Job `survey-close`: closes every running campaign past its closing instant. */
  async closeDue(): Promise<string[]> {
    const now = this.clock.now();
    const due = await this.ds
      .getRepository(SurveyCampaign)
      .createQueryBuilder('c')
      .select('c.id')
      .where("c.status = 'running' AND c.closes_at <= :now", { now })
      .getMany();
    const closed: string[] = [];
    for (const { id } of due) {
      await this.ds.transaction(async (m) => {
        const c = await m
          .getRepository(SurveyCampaign)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (c?.status === 'running' && c.closesAt && c.closesAt <= now) {
          await this.closeLocked(m, c, null);
          closed.push(id);
        }
      });
    }
    return closed;
  }

  /**
   * Job `survey-reminders`: for one running campaign, completes an interrupted fan-out, then mails
   * the reminder due today (the latest reminder day reached) to invitations without an answer.
   * Each reminder has its own idempotency key: a rerun or a second worker mails nobody twice.
   */
  async sendDueReminders(campaignId: string): Promise<number> {
    const c = await this.ds.getRepository(SurveyCampaign).findOneBy({ id: campaignId });
    const now = this.clock.now();
    if (!c || c.status !== 'running' || !c.launchedAt || !c.closesAt || c.closesAt <= now) return 0;
    await this.fanOut(campaignId);
    const day = dueReminderDay(c.launchedAt, c.reminderDays, now, this.config.timeZone);
    if (day === null) return 0;
    let after = '00000000-0000-0000-0000-000000000000';
    let sent = 0;
    for (;;) {
      const { ids, last, size } = await this.ds.transaction(async (m) => {
        const targets = (await m.query(REMINDER_TARGETS_SQL, [
          campaignId,
          String(day),
          after,
          FAN_OUT_BATCH,
        ])) as TargetRow[];
        const emailIds: (string | null)[] = [];
        for (const t of targets) {
          emailIds.push(
            await this.mailer.enqueue(
              m,
              {
                invitationId: t.id,
                email: t.email,
                employerName: t.name,
                year: c.year,
                closesAt: c.closesAt!,
              },
              'reminder',
              `reminder-${day}`,
              `survey-reminder-${t.id}-${day}`,
            ),
          );
        }
        return { ids: emailIds, last: targets[targets.length - 1]?.id, size: targets.length };
      });
      await this.mailer.dispatch(ids);
      sent += ids.filter(Boolean).length;
      if (size < FAN_OUT_BATCH || !last) return sent;
      after = last;
    }
  }

  /** Every running campaign's due work (the `survey-reminders` job runs this daily). */
  async runDueReminders(): Promise<number> {
    const running = await this.ds
      .getRepository(SurveyCampaign)
      .find({ select: { id: true }, where: { status: 'running' } });
    let sent = 0;
    for (const { id } of running) sent += await this.sendDueReminders(id);
    return sent;
  }

  /**
   * Job `survey-yearly`: creates and launches the campaign about the previous year if none exists
   * (a draft one is launched; a running or closed one is left alone). Safe to run any number of times.
   */
  async ensureYearlyCampaign(
    now: Date = this.clock.now(),
  ): Promise<{ campaignId: string; created: boolean; launched: boolean }> {
    const year = surveyedYear(now, this.config.timeZone);
    let existing = await this.ds.getRepository(SurveyCampaign).findOneBy({ year });
    let created = false;
    if (!existing) {
      try {
        await this.create({ year }, null);
        created = true;
      } catch (err) {
        // A concurrent worker created it first: fine.
        if (!(err instanceof DomainError && err.code === 'CAMPAIGN_EXISTS')) throw err;
      }
      existing = await this.ds.getRepository(SurveyCampaign).findOneByOrFail({ year });
    }
    if (existing.status !== 'draft') return { campaignId: existing.id, created, launched: false };
    await this.launch(existing.id, null);
    this.logger.log(`survey campaign ${year} launched by the yearly job`);
    return { campaignId: existing.id, created, launched: true };
  }

  private async counts(ids: string[]): Promise<Map<string, CampaignCounts>> {
    if (!ids.length) return new Map();
    const rows = (await this.ds.query(COUNTS_SQL, [ids])) as {
      campaign_id: string;
      invited: number;
      answered: number;
      opted_out: number;
      delivered: number;
      bounced: number;
      reminded: number;
    }[];
    return new Map(
      rows.map((r) => [
        r.campaign_id,
        {
          invited: r.invited,
          delivered: r.delivered,
          reminded: r.reminded,
          answered: r.answered,
          optedOut: r.opted_out,
          bounced: r.bounced,
        },
      ]),
    );
  }
}

function emptyCounts(): CampaignCounts {
  return { invited: 0, delivered: 0, reminded: 0, answered: 0, optedOut: 0, bounced: 0 };
}

export function normaliseReminderDays(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

function auditView(c: SurveyCampaign) {
  return {
    year: c.year,
    status: c.status,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    closesAt: c.closesAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    reminderDays: c.reminderDays,
    durationDays: c.durationDays,
  };
}
