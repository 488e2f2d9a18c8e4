import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { QUEUES, type QueueName } from '../queue/queue.constants.js';
import { SCHEDULED_JOB_OPTIONS, SCHEDULES } from './job-names.js';

/** How often a worker re-asserts the schedules, so a flushed or restarted Redis gets them back. */
const REASSERT_EVERY_MS = 10 * 60_000;

/**
 * Registers the job schedulers at worker start. `upsertJobScheduler` is idempotent and keyed by
 * scheduler id, so every worker registering the same table yields one scheduler per job, and
 * BullMQ creates one job per occurrence whatever the number of workers.
 */
@Injectable()
export class JobSchedulersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobSchedulers');
  private readonly queues: Record<QueueName, Queue>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectQueue(QUEUES.mail) mail: Queue,
    @InjectQueue(QUEUES.reminders) reminders: Queue,
    @InjectQueue(QUEUES.surveys) surveys: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.imports) imports: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.queues = { mail, reminders, surveys, maintenance, imports };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobSchedules) {
      this.logger.log('JOB_SCHEDULES=false: this worker registers no schedule');
      return;
    }
    const ids = await this.register();
    this.logger.log(`job schedulers registered: ${ids.join(', ')}`);
    this.timer = setInterval(() => {
      this.register().catch((err: unknown) =>
        this.logger.error(`could not re-assert job schedulers: ${(err as Error).message}`),
      );
    }, REASSERT_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Upserts every schedule (idempotent: one scheduler per id, whatever the number of workers). */
  async register(): Promise<string[]> {
    const registered: string[] = [];
    for (const s of SCHEDULES) {
      const queue = this.queues[s.queue];
      await queue.upsertJobScheduler(
        s.id,
        { pattern: s.pattern, tz: this.config.timeZone },
        { name: s.name, data: {}, opts: SCHEDULED_JOB_OPTIONS },
      );
      registered.push(s.id);
    }
    return registered;
  }
}
