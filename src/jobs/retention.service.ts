import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** Sent mail bodies are kept this long, then only who/when/which template stays. */
export const MAIL_BODY_RETENTION_DAYS = 90;
/** What an anonymised young person is called (same as an RGPD erase). */
export const ANONYMISED_NAME = 'Anonyme';
const BATCH = 500;

export interface RetentionRun {
  anonymised: number;
  mailBodiesPurged: number;
}

/**
 * Nightly retention (DESIGN.md §6): anonymise young people without activity for
 * RETENTION_MONTHS, purge old mail bodies. Batched, each batch its own transaction, so a long run
 * does not hold locks and a crash keeps what is done; rerunning finds nothing left to do.
 */
@Injectable()
export class Retention {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<RetentionRun> {
    const result = { anonymised: await this.anonymise(), mailBodiesPurged: await this.purgeMail() };
    this.logger.log(
      `retention: ${result.anonymised} anonymised, ${result.mailBodiesPurged} mail bodies purged`,
    );
    return result;
  }

  private async anonymise(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const ids = await this.ds.transaction(async (m) => {
        // Activity: the record itself, its placements and their follow-ups.
        const rows = (await m.query(
          `WITH cutoff AS (SELECT $1::timestamptz - make_interval(months => $2) AS at),
           inactive AS (
             SELECT y.id FROM young_people y, cutoff
              WHERE y.erased_at IS NULL AND y.updated_at < cutoff.at
                AND NOT EXISTS (SELECT 1 FROM placements p
                                 WHERE p.young_person_id = y.id AND p.updated_at >= cutoff.at)
                AND NOT EXISTS (SELECT 1 FROM follow_ups f JOIN placements p ON p.id = f.placement_id
                                 WHERE p.young_person_id = y.id AND f.updated_at >= cutoff.at)
              ORDER BY y.id
              LIMIT ${BATCH}
              FOR UPDATE OF y SKIP LOCKED)
           UPDATE young_people y
              SET first_name = $3, last_name = $3, email = NULL, phone = NULL, birth_date = NULL,
                  external_id = NULL, erased_at = $1, updated_at = $1, version = y.version + 1
             FROM inactive WHERE y.id = inactive.id
           RETURNING y.id`,
          [now, this.config.retentionMonths, ANONYMISED_NAME],
        )) as [{ id: string }[], number] | { id: string }[];
        const list = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
        for (const { id } of list) {
          // Field names only: the audit log must not keep the identity it erases.
          await this.audit.record(m, {
            actorId: null,
            action: 'anonymise',
            entity: 'young_person',
            entityId: id,
            before: { erasedAt: null },
            after: { erasedAt: now.toISOString() },
            changedSecrets: ['firstName', 'lastName', 'email', 'phone', 'birthDate', 'externalId'],
          });
        }
        return list.length;
      });
      total += ids;
      if (ids < BATCH) return total;
    }
  }

  private async purgeMail(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - MAIL_BODY_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (;;) {
      // Pending mails keep their body: purging it would make them unsendable.
      const res = (await this.ds.query(
        `UPDATE outbound_emails SET params = NULL, purged_at = now(), updated_at = now()
          WHERE id IN (SELECT id FROM outbound_emails
                        WHERE params IS NOT NULL AND status <> 'pending' AND created_at < $1
                        LIMIT ${BATCH * 10} FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      )) as [unknown[], number];
      const n = res[1];
      total += n;
      if (n < BATCH * 10) return total;
    }
  }
}
