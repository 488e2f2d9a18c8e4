import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isIsoDate } from '../common/clock.js';
import { isAbsolute } from 'node:path';
import { EmployerImportJobsService } from '../employers/employer-import-jobs.service.js';
import { Naf2025JobService } from '../employers/naf-2025-job.service.js';
import { SireneImportJobsService } from '../prospects/sirene-import-jobs.service.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { AdviserDigestService } from './adviser-digest.service.js';
import { JOBS, SCHEDULES, type JobName } from './job-names.js';
import { RetentionService } from './retention.service.js';
import { SweepService } from './sweep.service.js';

export class UnknownJobError extends Error {
  constructor(readonly job: string) {
    super(`unknown job ${job}; known jobs: ${Object.values(JOBS).join(', ')}`);
  }
}

/** A payload this build cannot use (it only ever carries ids and dates). */
export class InvalidJobDataError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Handler = (data: Record<string, unknown>) => Promise<unknown>;

const campaignIdOf = (name: string, data: Record<string, unknown>): string => {
  if (typeof data.campaignId !== 'string')
    throw new InvalidJobDataError(`${name}: campaignId is required`);
  return data.campaignId;
};

/**
 * The one place a job name becomes work: the processors and `npm run jobs` both call it. Each
 * handler calls the owning module's service directly and returns a small summary without
 * personal data.
 */
@Injectable()
export class JobRunnerService implements OnModuleInit {
  // A Record over every job name: a name without a handler does not compile.
  private readonly handlers: Record<JobName, Handler>;

  constructor(
    digest: AdviserDigestService,
    sweep: SweepService,
    retention: RetentionService,
    offers: JobOffersService,
    surveys: SurveysService,
    imports: EmployerImportJobsService,
    sirene: SireneImportJobsService,
    naf2025: Naf2025JobService,
  ) {
    this.handlers = {
      [JOBS.adviserDigest]: (data) => {
        const date = data.date;
        if (date !== undefined && (typeof date !== 'string' || !isIsoDate(date)))
          throw new InvalidJobDataError(`${JOBS.adviserDigest}: date must be YYYY-MM-DD`);
        return digest.run(date);
      },
      [JOBS.sweep]: () => sweep.run(),
      [JOBS.retention]: () => retention.run(),
      [JOBS.offerExpiry]: async () => ({ expired: await offers.expireOverdue() }),
      [JOBS.surveyLaunch]: (data) => surveys.fanOut(campaignIdOf(JOBS.surveyLaunch, data)),
      [JOBS.surveyYearly]: () => surveys.ensureYearlyCampaign(),
      [JOBS.surveyReminders]: async (data) => ({
        sent:
          data.campaignId === undefined
            ? await surveys.runDueReminders()
            : await surveys.sendDueReminders(campaignIdOf(JOBS.surveyReminders, data)),
      }),
      [JOBS.surveyClose]: async () => ({ closed: await surveys.closeDue() }),
      [JOBS.employerImport]: (data) => {
        if (typeof data.importId !== 'string' || !UUID.test(data.importId))
          throw new InvalidJobDataError(`${JOBS.employerImport}: importId is required`);
        return imports.run(data.importId);
      },
      [JOBS.sireneImport]: (data) => {
        if (typeof data.importId !== 'string' || !UUID.test(data.importId))
          throw new InvalidJobDataError(`${JOBS.sireneImport}: importId is required`);
        return sirene.run(data.importId);
      },
      [JOBS.naf2025]: (data) => {
        const { apply, csv } = data;
        if (apply !== undefined && typeof apply !== 'boolean')
          throw new InvalidJobDataError(`${JOBS.naf2025}: apply must be true or false`);
        if (csv !== undefined && (typeof csv !== 'string' || !isAbsolute(csv)))
          throw new InvalidJobDataError(`${JOBS.naf2025}: csv must be an absolute file path`);
        return naf2025.run({ apply, csvPath: csv });
      },
    };
  }

  /** Start-up check: every job name and every schedule has a handler. */
  onModuleInit(): void {
    const missing = [...Object.values(JOBS), ...SCHEDULES.map((s) => s.name)].filter(
      (name) => typeof this.handlers[name] !== 'function',
    );
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  }

  async run(name: string, data: Record<string, unknown> = {}): Promise<unknown> {
    if (!Object.hasOwn(this.handlers, name)) throw new UnknownJobError(name);
    return this.handlers[name as JobName](data);
  }
}
