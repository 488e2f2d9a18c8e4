import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ErasureService } from '../erasure/erasure.service.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';

/** Sent mail bodies are kept this long, then only who/when/which template stays. */
export const MAIL_BODY_RETENTION_DAYS = 90;
const BATCH = 500;

export interface RetentionRun {
  anonymised: number;
  mailBodiesPurged: number;
}

/**
 * Nightly retention (docs/product.md): anonymise young people without activity for
 * RETENTION_MONTHS, purge old mail bodies. Batched, each batch its own transaction, so a long run
 * does not hold locks and a crash keeps what is done; rerunning finds nothing left to do.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly erasure: ErasureService,
    private readonly outbox: MailOutbox,
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

  /**
   * Anonymises through the same erase as a manager's RGPD request, so names are also scrubbed
   * from free-text notes and the audit entry is the same (actor null: the system).
   */
  private async anonymise(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const rows = (await this.ds.query(
        `WITH cutoff AS (SELECT $1::timestamptz - make_interval(months => $2) AS at)
         SELECT y.id FROM young_people y, cutoff
          WHERE y.erased_at IS NULL AND y.updated_at < cutoff.at
            AND NOT EXISTS (SELECT 1 FROM placements p
                             WHERE p.young_person_id = y.id AND p.updated_at >= cutoff.at)
            AND NOT EXISTS (SELECT 1 FROM follow_ups f JOIN placements p ON p.id = f.placement_id
                             WHERE p.young_person_id = y.id AND f.updated_at >= cutoff.at)
          ORDER BY y.id
          LIMIT ${BATCH}`,
        [now, this.config.retentionMonths],
      )) as { id: string }[];
      // erase() locks the row and skips one erased meanwhile, so a concurrent run is harmless.
      for (const { id } of rows) await this.erasure.eraseYoungPerson(id, null);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }

  private purgeMail(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - MAIL_BODY_RETENTION_DAYS * 86_400_000);
    return this.outbox.purgeBodiesBefore(cutoff, BATCH * 10);
  }
}
