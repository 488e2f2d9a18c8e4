import { EMPLOYER_IMPORT_JOB } from '../employers/employer-import-job-name.js';
import { SIRENE_IMPORT_JOB } from '../prospects/sirene-import-job-name.js';
import { QUEUES, type QueueName } from '../queue/queue.constants.js';
import { SURVEY_JOBS } from '../surveys/survey-job-names.js';
import { SURVEY_YEARLY_CRON } from '../surveys/survey-schedule.js';

/** Job names: the processors switch on them and the command line accepts them. */
export const JOBS = {
  adviserDigest: 'adviser-digest',
  sweep: 'sweep',
  retention: 'retention',
  offerExpiry: 'offer-expiry',
  surveyLaunch: SURVEY_JOBS.launch,
  surveyYearly: SURVEY_JOBS.yearly,
  surveyReminders: SURVEY_JOBS.reminders,
  surveyClose: SURVEY_JOBS.close,
  employerImport: EMPLOYER_IMPORT_JOB,
  sireneImport: SIRENE_IMPORT_JOB,
  // By hand only (`npm run jobs -- naf-2025 [--apply] [--csv file]`), never scheduled.
  naf2025: 'naf-2025',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The mail queue's single job name, as MailOutbox.dispatch adds it. */
export const MAIL_SEND_JOB = 'send';

export interface Schedule {
  /** Scheduler id in Redis (no ':'); one per schedule, so every worker upserts the same one. */
  id: string;
  queue: QueueName;
  name: JobName;
  /** Cron pattern, read in APP_TIMEZONE (Europe/Paris). */
  pattern: string;
}

export const SCHEDULES: readonly Schedule[] = [
  // Working days only: the handler also skips public holidays.
  {
    id: 'adviser-digest',
    queue: QUEUES.reminders,
    name: JOBS.adviserDigest,
    pattern: '30 7 * * 1-5',
  },
  { id: 'sweep', queue: QUEUES.maintenance, name: JOBS.sweep, pattern: '*/5 * * * *' },
  { id: 'retention', queue: QUEUES.maintenance, name: JOBS.retention, pattern: '30 2 * * *' },
  {
    id: 'offer-expiry',
    queue: QUEUES.maintenance,
    name: JOBS.offerExpiry,
    pattern: '5 0 * * *',
  },
  // Second Monday of January, 09:00: last year's campaign, unless a manager already created it.
  {
    id: 'survey-yearly',
    queue: QUEUES.surveys,
    name: JOBS.surveyYearly,
    pattern: SURVEY_YEARLY_CRON,
  },
  {
    id: 'survey-reminders',
    queue: QUEUES.surveys,
    name: JOBS.surveyReminders,
    pattern: '0 10 * * *',
  },
  {
    id: 'survey-close',
    queue: QUEUES.surveys,
    name: JOBS.surveyClose,
    pattern: '5 * * * *',
  },
];

/** Options of scheduled jobs: rerunning any of them is harmless, so retry a few times. */
export const SCHEDULED_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
  removeOnFail: { age: 30 * 24 * 3600, count: 500 },
};
