import { SURVEY_YEARLY_CRON } from './survey-schedule.js';
import { SURVEY_JOBS } from './survey-job-names.js';
import type { SurveysService } from './surveys.service.js';

export { SURVEY_JOBS };

/** Suggested schedules, cron read in APP_TIMEZONE; every job is idempotent. */
export const SURVEY_SCHEDULES = [
  { id: SURVEY_JOBS.yearly, name: SURVEY_JOBS.yearly, pattern: SURVEY_YEARLY_CRON },
  { id: SURVEY_JOBS.reminders, name: SURVEY_JOBS.reminders, pattern: '0 10 * * *' },
  { id: SURVEY_JOBS.close, name: SURVEY_JOBS.close, pattern: '5 * * * *' },
] as const;

export type SurveyJobHook = (data: Record<string, unknown>) => Promise<unknown>;

/**
 * The handlers the jobs module runs for these names (its JOB_HOOKS), each returning a small
 * JSON summary without personal data.
 */
export function surveyJobHooks(surveys: SurveysService): Record<string, SurveyJobHook> {
  return {
    [SURVEY_JOBS.launch]: async (data) => {
      if (typeof data.campaignId !== 'string') throw new Error('survey-launch needs a campaignId');
      return surveys.fanOut(data.campaignId);
    },
    [SURVEY_JOBS.yearly]: () => surveys.ensureYearlyCampaign(),
    [SURVEY_JOBS.reminders]: async (data) => ({
      sent:
        typeof data.campaignId === 'string'
          ? await surveys.sendDueReminders(data.campaignId)
          : await surveys.runDueReminders(),
    }),
    [SURVEY_JOBS.close]: async () => ({ closed: await surveys.closeDue() }),
  };
}
