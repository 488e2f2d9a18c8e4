import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import { hostname } from 'node:os';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MailDeliveryService } from '../mail/mail-delivery.service.js';
import { QUEUES } from '../queue/queue.constants.js';
import { JOBS, MAIL_SEND_JOB } from './job-names.js';
import { InvalidJobDataError, JobRunnerService, UnknownJobError } from './job-runner.service.js';

// Shown as `processedBy` on every job (Bull Board, tests): which process ran it.
const WORKER_NAME = `${hostname()}-${process.pid}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Closes the worker when the application shuts down, before the database and the SMTP pool go:
 * `worker.close()` stops taking jobs and waits for the running ones (Nest's own close of the
 * workers comes later, in onApplicationShutdown, after those resources are gone).
 */
abstract class GracefulWorkerHost extends WorkerHost implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}

/** A job this build cannot run will not succeed by retrying. */
async function runOrGiveUp(runner: JobRunnerService, job: Job, logger: Logger): Promise<unknown> {
  try {
    return await runner.run(job.name, (job.data ?? {}) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof UnknownJobError || err instanceof InvalidJobDataError) {
      logger.error(err.message);
      throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}

// concurrency: MAIL_CONCURRENCY, set at bootstrap (the decorator is read before the config).
@Processor(QUEUES.mail, { name: WORKER_NAME })
export class MailProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('MailProcessor');

  constructor(
    private readonly delivery: MailDeliveryService,
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * MAIL_RATE_PER_SECOND holds for all the worker processes together: BullMQ's global rate limit
   * lives in Redis with the queue, and every worker checks it before taking a job (ADR 1611).
   */
  onApplicationBootstrap(): void {
    // A send holds no transaction nor database connection while SMTP talks (ADR 1613). More jobs
    // than SMTP connections: the jobs waiting for a connection are fetched and claimed already,
    // and their claims and records share statements (StatementBatcher).
    this.worker.concurrency = this.config.mailConcurrency;
    // Not awaited: with Redis away at start, the command waits for it without holding up the
    // HTTP side of an `APP_ROLE=all` process.
    this.queue.setGlobalRateLimit(this.config.mailRatePerSecond, 1000).catch((err: unknown) => {
      this.logger.error(`cannot set the mail rate limit: ${(err as Error).message}`);
    });
  }

  /**
   * The jobs waiting for an SMTP connection (MAIL_CONCURRENCY above MAIL_SMTP_CONNECTIONS) do not
   * send once the stop has begun: they hand their claim back and return to Redis, delayed.
   */
  override async onModuleDestroy(): Promise<void> {
    this.delivery.stopClaiming();
    await super.onModuleDestroy();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case MAIL_SEND_JOB: {
        const emailId = (job.data as { emailId?: unknown } | undefined)?.emailId;
        if (typeof emailId !== 'string' || !UUID.test(emailId))
          throw new UnrecoverableError('send job without a valid emailId');
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.delivery.deliver(emailId, { finalAttempt });
        if (outcome.status === 'skipped' && outcome.reason === 'in-flight') {
          // Claimed by a delivery that is sending it or died mid-send (this job may be that one,
          // handed back by BullMQ as stalled): look again when its lease has run out. Not an
          // attempt: the job waits in Redis, delayed.
          await job.moveToDelayed(outcome.leaseEndsAt.getTime() + 1000, token);
          throw new DelayedError();
        }
        if (
          outcome.status === 'skipped' &&
          (outcome.reason === 'closing' || outcome.reason === 'connection-wait')
        ) {
          // Unclaimed (a stop began, or the relay is so slow that the mail waited too long for a
          // connection). Not an attempt: back to Redis for the next worker, or this one later.
          await job.moveToDelayed(Date.now() + 1000, token);
          throw new DelayedError();
        }
        if (outcome.status === 'failed')
          throw new UnrecoverableError(`mail ${emailId} failed; see outbound_emails.last_error`);
        return outcome;
      }
      default:
        this.logger.error(`unknown mail job ${job.name}`);
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}

@Processor(QUEUES.reminders, { name: WORKER_NAME })
export class RemindersProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger('RemindersProcessor');

  constructor(private readonly runner: JobRunnerService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.adviserDigest:
        return runOrGiveUp(this.runner, job, this.logger);
      default:
        this.logger.error(`unknown reminders job ${job.name}`);
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}

@Processor(QUEUES.maintenance, { name: WORKER_NAME })
export class MaintenanceProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger('MaintenanceProcessor');

  constructor(private readonly runner: JobRunnerService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'ping':
        return 'pong';
      case JOBS.sweep:
      case JOBS.retention:
      case JOBS.offerExpiry:
        return runOrGiveUp(this.runner, job, this.logger);
      default:
        this.logger.error(`unknown maintenance job ${job.name}`);
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}

/** The survey campaign's jobs (launch fan-out, yearly campaign, reminders, closing). */
@Processor(QUEUES.surveys, { concurrency: 2, name: WORKER_NAME })
export class SurveysProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger('SurveysProcessor');

  constructor(private readonly runner: JobRunnerService) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return runOrGiveUp(this.runner, job, this.logger);
  }
}

/** Background employer imports (ADR 1403): one at a time per worker, they are long and heavy. */
@Processor(QUEUES.imports, { concurrency: 1, name: WORKER_NAME })
export class ImportsProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger('ImportsProcessor');

  constructor(private readonly runner: JobRunnerService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.employerImport:
      case JOBS.sireneImport:
        return runOrGiveUp(this.runner, job, this.logger);
      default:
        this.logger.error(`unknown imports job ${job.name}`);
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}
