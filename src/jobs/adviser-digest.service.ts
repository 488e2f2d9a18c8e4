import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EmployersService } from '../employers/employers.service.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import {
  renderDigest,
  type DigestFollowUp,
  type DigestNextAction,
} from './adviser-digest.template.js';
import { isWorkingDay } from '../reference/working-days.js';

export interface DigestRun {
  date: string;
  skipped?: 'not a working day';
  advisers: number;
  /** Digests enqueued by this run (0 on a rerun: the idempotency keys already exist). */
  enqueued: number;
}

/** Idempotency key of an adviser's digest: at most one per adviser per calendar day. */
export const digestKey = (userId: string, date: string) => `digest-${userId}-${date}`;

const DORMANT_SHOWN = 20;
const NEXT_ACTIONS_SHOWN = 30;

/**
 * The adviser digest (docs/product.md). Reads follow-ups, employers and interactions with plain SQL
 * (it only reads those modules' tables) and writes one outbox row per adviser with something to
 * do. Safe to run twice or on two workers at once: the outbox's idempotency key is unique.
 */
@Injectable()
export class AdviserDigestService {
  private readonly logger = new Logger('AdviserDigest');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: MailOutbox,
    private readonly employers: EmployersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(date = localDate(this.clock.now(), this.config.timeZone)): Promise<DigestRun> {
    if (!isWorkingDay(date))
      return { date, skipped: 'not a working day', advisers: 0, enqueued: 0 };
    const advisers = (await this.ds.query(
      `SELECT u.id, u.email, u.display_name FROM users u
        WHERE u.active AND u.role IN ('adviser', 'manager')
          AND NOT EXISTS (SELECT 1 FROM outbound_emails o
                           WHERE o.idempotency_key = 'digest-' || u.id || '-' || $1)
        ORDER BY u.id`,
      [date],
    )) as { id: string; email: string; display_name: string }[];

    let enqueued = 0;
    for (const adviser of advisers) {
      const id = await this.digestFor(adviser, date);
      if (id) {
        enqueued += 1;
        // Right after the commit; if this process dies first, the sweep queues it.
        await this.outbox.dispatch([id]);
      }
    }
    this.logger.log(`digest ${date}: ${enqueued} enqueued for ${advisers.length} advisers`);
    return { date, advisers: advisers.length, enqueued };
  }

  private async digestFor(
    adviser: { id: string; email: string; display_name: string },
    date: string,
  ): Promise<string | null> {
    const [followUps, dormant, nextActions] = await Promise.all([
      this.followUps(adviser.id, date),
      this.employers.dormantOfReferent(adviser.id, DORMANT_SHOWN),
      this.nextActions(adviser.id, date),
    ]);
    const mail = renderDigest({
      date,
      timeZone: this.config.timeZone,
      publicBaseUrl: this.config.publicBaseUrl,
      adviserName: adviser.display_name,
      followUps,
      dormant: dormant.rows,
      dormantTotal: dormant.total,
      dormantAfterDays: this.config.dormantAfterDays,
      nextActions: nextActions.rows,
      nextActionsTotal: nextActions.total,
    });
    if (!mail) return null;
    return this.ds.transaction((m) =>
      this.outbox.enqueue(m, {
        idempotencyKey: digestKey(adviser.id, date),
        recipient: adviser.email,
        template: 'adviser-digest',
        ...mail,
        subjectType: 'user',
        subjectId: adviser.id,
      }),
    );
  }

  private async followUps(userId: string, date: string): Promise<DigestFollowUp[]> {
    const rows = (await this.ds.query(
      `SELECT f.id, f.due_date, f.with_whom, e.id AS employer_id,
              COALESCE(e.trade_name, e.legal_name) AS employer_name,
              y.first_name, y.last_name
         FROM follow_ups f
         JOIN placements p ON p.id = f.placement_id
         JOIN employers e ON e.id = p.employer_id
         JOIN young_people y ON y.id = p.young_person_id
        WHERE p.adviser_id = $1 AND f.status = 'planned' AND f.due_date <= $2::date + 7
        ORDER BY f.due_date, f.id`,
      [userId, date],
    )) as {
      id: string;
      due_date: string;
      with_whom: DigestFollowUp['withWhom'];
      employer_id: string;
      employer_name: string;
      first_name: string;
      last_name: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      dueDate: r.due_date,
      withWhom: r.with_whom,
      employerId: r.employer_id,
      employerName: r.employer_name,
      youngPersonFirstName: r.first_name,
      youngPersonLastName: r.last_name,
    }));
  }

  private async nextActions(
    userId: string,
    date: string,
  ): Promise<{ rows: DigestNextAction[]; total: number }> {
    // Due by the end of the local day (overdue included), on the interactions the adviser wrote.
    const rows = (await this.ds.query(
      `SELECT i.id, i.next_action_at, i.next_action, i.subject, e.id AS employer_id,
              COALESCE(e.trade_name, e.legal_name) AS employer_name, count(*) OVER () AS total
         FROM interactions i
         JOIN employers e ON e.id = i.employer_id
        WHERE i.author_id = $1 AND i.next_action_at IS NOT NULL
          AND i.next_action_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
        ORDER BY i.next_action_at, i.id
        LIMIT ${NEXT_ACTIONS_SHOWN}`,
      [userId, date, this.config.timeZone],
    )) as {
      id: string;
      next_action_at: Date;
      next_action: string | null;
      subject: string;
      employer_id: string;
      employer_name: string;
      total: string;
    }[];
    return {
      rows: rows.map((r) => ({
        interactionId: r.id,
        employerId: r.employer_id,
        employerName: r.employer_name,
        nextActionAt: r.next_action_at,
        nextAction: r.next_action,
        subject: r.subject,
      })),
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }
}
