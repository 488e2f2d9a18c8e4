import { Inject, Injectable, Optional } from '@nestjs/common';
import { isIsoDate } from '../common/clock.js';
import { AdviserDigest } from './adviser-digest.service.js';
import { JOB_HOOKS, type JobHooks } from './job-hooks.js';
import { JOBS, type JobName } from './job-names.js';
import { Retention } from './retention.service.js';
import { Sweep } from './sweep.service.js';

/** A job another module owns has not been wired in this build (see job-hooks.ts). */
export class JobNotWiredError extends Error {
  constructor(readonly job: string) {
    super(`job ${job} is not wired in this build: its module must provide it through JOB_HOOKS`);
  }
}

export class UnknownJobError extends Error {
  constructor(readonly job: string) {
    super(`unknown job ${job}; known jobs: ${Object.values(JOBS).join(', ')}`);
  }
}

/** A payload this build cannot use (it only ever carries ids and dates). */
export class InvalidJobDataError extends Error {}

/** The one place a job name becomes work: the processors and `npm run jobs` both call it. */
@Injectable()
export class JobRunner {
  constructor(
    private readonly digest: AdviserDigest,
    private readonly sweep: Sweep,
    private readonly retention: Retention,
    @Optional() @Inject(JOB_HOOKS) private readonly hooks: JobHooks | null = null,
  ) {}

  isWired(name: string): boolean {
    return !!this.hooks?.[name];
  }

  async run(name: string, data: Record<string, unknown> = {}): Promise<unknown> {
    switch (name as JobName) {
      case JOBS.adviserDigest: {
        const date = data.date;
        if (date !== undefined && (typeof date !== 'string' || !isIsoDate(date)))
          throw new InvalidJobDataError(`${name}: date must be YYYY-MM-DD`);
        return this.digest.run(date);
      }
      case JOBS.sweep:
        return this.sweep.run();
      case JOBS.retention:
        return this.retention.run();
      case JOBS.offerExpiry:
      case JOBS.surveyYearly:
        return this.runHook(name, data);
      default:
        // Other modules may add their own job names through hooks (survey reminders, closing).
        if (this.hooks?.[name]) return this.runHook(name, data);
        throw new UnknownJobError(name);
    }
  }

  private runHook(name: string, data: Record<string, unknown>): Promise<unknown> {
    const hook = this.hooks?.[name];
    if (!hook) throw new JobNotWiredError(name);
    return hook(data);
  }
}
