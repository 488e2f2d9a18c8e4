import { SURVEY_JOBS, surveyJobHooks } from './survey-jobs.js';
import type { SurveysService } from './surveys.service.js';

describe('survey job hooks', () => {
  const calls: string[] = [];
  const fake = {
    ensureYearlyCampaign: () => {
      calls.push('yearly');
      return Promise.resolve({ campaignId: 'c1', created: true, launched: true });
    },
    sendDueReminders: (id: string) => {
      calls.push(`reminders ${id}`);
      return Promise.resolve(2);
    },
    runDueReminders: () => {
      calls.push('reminders all');
      return Promise.resolve(5);
    },
    fanOut: (id: string) => {
      calls.push(`launch ${id}`);
      return Promise.resolve({ created: 3, complete: true });
    },
    closeDue: () => {
      calls.push('close');
      return Promise.resolve(['c1']);
    },
  } as unknown as SurveysService;
  const hooks = surveyJobHooks(fake);

  it('maps each job name to its service call and returns a small summary', async () => {
    expect(await hooks[SURVEY_JOBS.yearly]!({})).toEqual({
      campaignId: 'c1',
      created: true,
      launched: true,
    });
    expect(await hooks[SURVEY_JOBS.reminders]!({})).toEqual({ sent: 5 });
    expect(await hooks[SURVEY_JOBS.reminders]!({ campaignId: 'c9' })).toEqual({ sent: 2 });
    expect(await hooks[SURVEY_JOBS.close]!({})).toEqual({ closed: ['c1'] });
    expect(await hooks[SURVEY_JOBS.launch]!({ campaignId: 'c2' })).toEqual({
      created: 3,
      complete: true,
    });
    await expect(hooks[SURVEY_JOBS.launch]!({})).rejects.toThrow('campaignId');
    expect(calls).toEqual(['yearly', 'reminders all', 'reminders c9', 'close', 'launch c2']);
  });
});
