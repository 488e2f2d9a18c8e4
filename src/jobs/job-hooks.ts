import type { Provider, Type } from '@nestjs/common';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import { surveyJobHooks } from '../surveys/survey-jobs.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { JOBS } from './job-names.js';

/**
 * Jobs whose work belongs to another domain module are run through a hook: a function that
 * module's service provides, keyed by job name. The jobs module schedules them, runs them on its
 * workers and exposes them to the `npm run jobs` command; it never reaches into their tables.
 *
 * A scheduled hook job is registered only when its hook is wired; the command line fails with
 * exit code 1 naming the missing hook.
 */
export const JOB_HOOKS = Symbol('JOB_HOOKS');

/** Receives the job's data (ids only) and returns a small JSON-able summary. */
export type JobHook = (data: Record<string, unknown>) => Promise<unknown>;
export type JobHooks = Partial<Record<string, JobHook>>;

/** Modules the hook providers need (their services are injected into the factory). */
export const HOOK_MODULES: Type<unknown>[] = [JobOffersModule, SurveysModule];

/** The `JOB_HOOKS` provider: offer expiry and the survey campaign's jobs. */
export const HOOK_PROVIDERS: Provider[] = [
  {
    provide: JOB_HOOKS,
    inject: [JobOffersService, SurveysService],
    useFactory: (offers: JobOffersService, surveys: SurveysService): JobHooks => ({
      [JOBS.offerExpiry]: async () => ({ expired: await offers.expireOverdue() }),
      ...surveyJobHooks(surveys),
    }),
  },
];
