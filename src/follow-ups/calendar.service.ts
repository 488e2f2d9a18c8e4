import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { addDays, Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CalendarToken } from './calendar-token.entity.js';
import type { FollowUpStatus, WithWhom } from './follow-up.entity.js';
import { finishIcs } from './ics.js';

/** Past follow-ups stay in the feed this long, so calendars keep recent history. */
export const CALENDAR_PAST_DAYS = 90;

const WITH_WHOM_FR: Record<WithWhom, string> = {
  young_person: 'le jeune',
  employer: "l'employeur",
  both: "le jeune et l'employeur",
};

export function hashCalendarToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

interface FeedRow {
  id: string;
  due_date: string;
  step_key: string;
  with_whom: WithWhom;
  status: FollowUpStatus;
  sequence: number;
  updated_at: Date;
  employer_name: string;
}

@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** When the user's current private URL was made, or null if they have none (it is stored hashed). */
  async createdAt(userId: string): Promise<Date | null> {
    const row = await this.ds.getRepository(CalendarToken).findOneBy({ userId });
    return row?.createdAt ?? null;
  }

  /**
   * Ends the user's private URL (password change, deactivation, reactivation: ADR 1420), in the
   * caller's transaction. Audited as a revocation when there was one.
   */
  async revoke(userId: string, actorId: string, m: EntityManager): Promise<void> {
    const res = await m.getRepository(CalendarToken).delete({ userId });
    if (res.affected)
      await this.audit.record(m, {
        actorId,
        action: 'revoke',
        entity: 'calendar_token',
        entityId: userId,
        changedSecrets: ['tokenHash'],
      });
  }

  /** A fresh private URL; the previous one stops working (one token per user, stored hashed). */
  async newUrl(userId: string): Promise<{ url: string }> {
    const token = randomBytes(32).toString('base64url');
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(CalendarToken);
      const existed = await repo.existsBy({ userId });
      await repo.upsert(
        { userId, tokenHash: hashCalendarToken(token), createdAt: this.clock.now() },
        ['userId'],
      );
      await this.audit.record(m, {
        actorId: userId,
        action: existed ? 'rotate' : 'create',
        entity: 'calendar_token',
        entityId: userId,
        changedSecrets: ['tokenHash'],
      });
    });
    return { url: `${this.config.publicBaseUrl}/calendar/${token}.ics` };
  }

  /**
   * The adviser's follow-ups as iCalendar: all-day events (follow-ups have a date, not a time),
   * a UID stable per follow-up, SEQUENCE bumped on every date or status change and cancelled
   * ones kept as STATUS:CANCELLED so subscribed clients drop them. Summaries name the employer
   * and the step only: a calendar feed leaves the service, the young person's name does not.
   */
  async feed(token: string): Promise<string> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw DomainError.notFound('Calendar');
    const owner = await this.ds.query<{ user_id: string; display_name: string }[]>(
      `SELECT t.user_id, u.display_name FROM calendar_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND u.active`,
      [hashCalendarToken(token)],
    );
    if (!owner[0]) throw DomainError.notFound('Calendar');
    const today = localDate(this.clock.now(), this.config.timeZone);
    const rows = await this.ds.query<FeedRow[]>(
      `SELECT f.id, to_char(f.due_date, 'YYYY-MM-DD') AS due_date, f.step_key, f.with_whom,
              f.status, f.sequence, f.updated_at,
              coalesce(e.trade_name, e.legal_name) AS employer_name
         FROM follow_ups f
         JOIN placements p ON p.id = f.placement_id
         JOIN employers e ON e.id = p.employer_id
        WHERE p.adviser_id = $1 AND f.due_date >= $2
        ORDER BY f.due_date, f.id`,
      [owner[0].user_id, addDays(today, -CALENDAR_PAST_DAYS)],
    );
    const host = new URL(this.config.publicBaseUrl).host;
    const cal = ical({
      name: `Suivis dans l'emploi — ${owner[0].display_name}`,
      prodId: { company: 'Mission Locale', product: 'CRM relations entreprises', language: 'FR' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 3600,
      // Follow-ups are all-day events: the zone tells clients which calendar day is meant.
      x: { 'X-WR-TIMEZONE': this.config.timeZone },
    });
    for (const r of rows) {
      const start = new Date(`${r.due_date}T00:00:00Z`);
      cal.createEvent({
        id: `follow-up-${r.id}@${host}`,
        start,
        end: new Date(`${addDays(r.due_date, 1)}T00:00:00Z`),
        allDay: true,
        stamp: new Date(r.updated_at),
        lastModified: new Date(r.updated_at),
        sequence: r.sequence,
        status: r.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        summary: `${r.status === 'done' ? '✔ ' : ''}Suivi dans l'emploi — ${r.employer_name}`,
        description: `Étape : ${r.step_key}\nAvec : ${WITH_WHOM_FR[r.with_whom]}`,
      });
    }
    return finishIcs(cal.toString());
  }
}
