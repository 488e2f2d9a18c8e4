import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EmployersService } from '../employers/employers.service.js';
import { mailJobId } from '../mail/mail-outbox.service.js';
import { QUEUES } from '../queue/queue.constants.js';
import { JOBS, MAIL_SEND_JOB } from './job-names.js';
import { isWorkingDay, localTime } from '../reference/working-days.js';

/** A mail younger than this is probably being dispatched by the request that wrote it. */
export const SWEEP_MIN_AGE_SECONDS = 30;
const SWEEP_BATCH = 1000;
/** Local time from which today's digest is due (the scheduler fires at 07:30). */
export const DIGEST_TIME = '07:30';

export interface SweepRun {
  /** Pending mails whose job Redis did not hold (or held as finished) and that were re-queued. */
  mailsRequeued: number;
  /** Pending mails, and mails left `sending` past their lease (ADR 1613). */
  pendingMails: number;
  /** The id of today's digest job when the digest is due (adding it again is a no-op). */
  digestJobId: string | null;
  /** Employers whose last contact moved to a planned interaction (an event) that has now happened. */
  lastContactsMoved: number;
}

/** Deterministic id of the sweep-driven digest run of a day. */
export const digestJobId = (date: string) => `adviser-digest-${date}`;

/**
 * Re-derives from PostgreSQL what should be queued and queues what Redis lacks (docs/product.md):
 * pending outbox rows (every mail, including survey invitations written as outbox rows in the
 * campaign transaction) and today's digest once due. A duplicate is harmless: job ids are
 * deterministic and every handler re-reads state and skips what is done.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger('Sweep');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue,
    @InjectQueue(QUEUES.reminders) private readonly remindersQueue: Queue,
    private readonly employers: EmployersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<SweepRun> {
    const mails = await this.requeueMail();
    const digestJobId = await this.queueDueDigest();
    const lastContactsMoved = await this.employers.catchUpLastContacts();
    if (mails.requeued)
      this.logger.warn(`sweep re-queued ${mails.requeued} of ${mails.pending} pending mails`);
    return {
      mailsRequeued: mails.requeued,
      pendingMails: mails.pending,
      digestJobId,
      lastContactsMoved,
    };
  }

  private async requeueMail(): Promise<{ pending: number; requeued: number }> {
    // Pending rows, and rows left `sending` past their lease by a worker that died mid-send
    // (ADR 1613): delivery claims those again and sends them with the same Message-ID.
    const rows = (await this.ds.query(
      `(SELECT id, created_at FROM outbound_emails
         WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
         ORDER BY created_at LIMIT ${SWEEP_BATCH})
       UNION ALL
       (SELECT id, created_at FROM outbound_emails
         WHERE claim_token IS NOT NULL AND status = 'sending'
           AND claimed_at < now() - make_interval(secs => $2)
         ORDER BY claimed_at LIMIT ${SWEEP_BATCH})
       ORDER BY created_at LIMIT ${SWEEP_BATCH}`,
      [SWEEP_MIN_AGE_SECONDS, this.config.mailSendLeaseSeconds],
    )) as { id: string }[];
    let requeued = 0;
    for (const { id } of rows) {
      const jobId = mailJobId(id);
      const job = await this.mailQueue.getJob(jobId);
      if (job) {
        const state = await job.getState();
        // Waiting, delayed or running: Redis holds it. Finished while the row is still pending or
        // left sending (a stalled job given up, a lost status update): start it afresh.
        if (state !== 'completed' && state !== 'failed') continue;
        await job.remove();
      }
      await this.mailQueue.add(MAIL_SEND_JOB, { emailId: id }, { jobId });
      requeued += 1;
    }
    return { pending: rows.length, requeued };
  }

  private async queueDueDigest(): Promise<string | null> {
    const now = this.clock.now();
    const today = localDate(now, this.config.timeZone);
    if (!isWorkingDay(today) || localTime(now, this.config.timeZone) < DIGEST_TIME) return null;
    const jobId = digestJobId(today);
    // Redis keeps finished jobs a day, so this is a no-op unless Redis lost today's run.
    await this.remindersQueue.add(JOBS.adviserDigest, { date: today }, { jobId });
    return jobId;
  }
}
