// Kept apart from survey-jobs.ts so that the service enqueuing them imports no handler.
/** Job names of the survey's background work (queue `surveys`); payloads carry ids at most. */
export const SURVEY_JOBS = {
  /** `{campaignId}`: finishes a launch's fan-out that did not fit in the launch request. */
  launch: 'survey-launch',
  yearly: 'survey-yearly',
  reminders: 'survey-reminders',
  close: 'survey-close',
} as const;
