import type { EmployerImportJobsService } from '../employers/employer-import-jobs.service.js';
import type { SireneImportJobsService } from '../prospects/sirene-import-jobs.service.js';
import type { Naf2025JobService, Naf2025Options } from '../employers/naf-2025-job.service.js';
import type { JobOffersService } from '../job-offers/job-offers.service.js';
import type { SurveysService } from '../surveys/surveys.service.js';
import type { AdviserDigestService } from './adviser-digest.service.js';
import { JOBS, SCHEDULES } from './job-names.js';
import { InvalidJobDataError, JobRunnerService, UnknownJobError } from './job-runner.service.js';
import type { RetentionService } from './retention.service.js';
import type { SweepService } from './sweep.service.js';

function runner() {
  const calls: string[] = [];
  const done = <T>(call: string, value: T) => (calls.push(call), Promise.resolve(value));
  const digest = { run: (date?: string) => done(`digest ${date ?? 'today'}`, 'd') };
  const sweep = { run: () => done('sweep', 's') };
  const retention = { run: () => done('retention', 'r') };
  const offers = { expireOverdue: () => done('expire', 3) };
  const surveys = {
    fanOut: (id: string) => done(`fan out ${id}`, { created: 1, complete: true }),
    ensureYearlyCampaign: () => done('yearly', { campaignId: null }),
    runDueReminders: () => done('reminders', 5),
    sendDueReminders: (id: string) => done(`reminders ${id}`, 2),
    closeDue: () => done('close', ['c1']),
  };
  const imports = { run: (id: string) => done(`import ${id}`, { importId: id, status: 'done' }) };
  const sirene = { run: (id: string) => done(`sirene ${id}`, { importId: id, status: 'done' }) };
  const naf2025 = {
    run: (o: Naf2025Options) => done(`naf-2025 ${JSON.stringify(o)}`, { proposable: 1 }),
  };
  return {
    calls,
    jobs: new JobRunnerService(
      digest as unknown as AdviserDigestService,
      sweep as unknown as SweepService,
      retention as unknown as RetentionService,
      offers as unknown as JobOffersService,
      surveys as unknown as SurveysService,
      imports as unknown as EmployerImportJobsService,
      sirene as unknown as SireneImportJobsService,
      naf2025 as unknown as Naf2025JobService,
    ),
  };
}

describe('JobRunner', () => {
  it('runs every job by name, calling the owning service', async () => {
    const { jobs, calls } = runner();
    expect(await jobs.run('sweep')).toBe('s');
    expect(await jobs.run('retention')).toBe('r');
    expect(await jobs.run('adviser-digest')).toBe('d');
    expect(await jobs.run('adviser-digest', { date: '2026-03-10' })).toBe('d');
    expect(await jobs.run('offer-expiry')).toEqual({ expired: 3 });
    expect(await jobs.run('survey-launch', { campaignId: 'c2' })).toEqual({
      created: 1,
      complete: true,
    });
    expect(await jobs.run('survey-yearly')).toEqual({ campaignId: null });
    expect(await jobs.run('survey-reminders')).toEqual({ sent: 5 });
    expect(await jobs.run('survey-reminders', { campaignId: 'c9' })).toEqual({ sent: 2 });
    expect(await jobs.run('survey-close')).toEqual({ closed: ['c1'] });
    const importId = '0b8a4c1e-6f2d-4c3a-9e1b-2d7f5a6c8e90';
    expect(await jobs.run('employer-import', { importId })).toEqual({ importId, status: 'done' });
    expect(await jobs.run('sirene-import', { importId })).toEqual({ importId, status: 'done' });
    expect(await jobs.run('naf-2025')).toEqual({ proposable: 1 });
    await jobs.run('naf-2025', { apply: true, csv: '/tmp/naf.csv' });
    expect(calls).toEqual([
      'sweep',
      'retention',
      'digest today',
      'digest 2026-03-10',
      'expire',
      'fan out c2',
      'yearly',
      'reminders',
      'reminders c9',
      'close',
      `import ${importId}`,
      `sirene ${importId}`,
      'naf-2025 {}',
      'naf-2025 {"apply":true,"csvPath":"/tmp/naf.csv"}',
    ]);
  });

  it('refuses job data it cannot use, running nothing', async () => {
    const { jobs, calls } = runner();
    await expect(jobs.run('adviser-digest', { date: '2026-02-30' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('adviser-digest', { date: 20260310 })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('survey-launch', {})).rejects.toBeInstanceOf(InvalidJobDataError);
    await expect(jobs.run('employer-import', {})).rejects.toBeInstanceOf(InvalidJobDataError);
    await expect(jobs.run('employer-import', { importId: 'x; DROP' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('sirene-import', { importId: '../etc' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('survey-reminders', { campaignId: 7 })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('naf-2025', { apply: 'yes' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('naf-2025', { csv: 'relative.csv' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    expect(calls).toEqual([]);
  });

  it('refuses an unknown job name, naming the known ones', async () => {
    const { jobs } = runner();
    await expect(jobs.run('nope')).rejects.toBeInstanceOf(UnknownJobError);
    await expect(jobs.run('toString')).rejects.toBeInstanceOf(UnknownJobError);
    await expect(jobs.run('nope')).rejects.toThrow('known jobs: adviser-digest');
  });

  it('has a handler for every job name and every schedule, checked at start', () => {
    const { jobs } = runner();
    expect(() => jobs.onModuleInit()).not.toThrow();
    for (const s of SCHEDULES) expect(Object.values(JOBS)).toContain(s.name);
    // Run by hand only: it changes employers' codes.
    expect(SCHEDULES.map((s) => s.name)).not.toContain('naf-2025');
    // A handler lost at run time is caught by the start-up check.
    delete (jobs as unknown as { handlers: Record<string, unknown> }).handlers['survey-close'];
    expect(() => jobs.onModuleInit()).toThrow('jobs without a handler: survey-close');
  });
});
