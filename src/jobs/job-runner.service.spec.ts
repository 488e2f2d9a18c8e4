import type { AdviserDigest } from './adviser-digest.service.js';
import {
  InvalidJobDataError,
  JobNotWiredError,
  JobRunner,
  UnknownJobError,
} from './job-runner.service.js';
import type { Retention } from './retention.service.js';
import type { Sweep } from './sweep.service.js';

function runner(hooks: ConstructorParameters<typeof JobRunner>[3] = null) {
  const calls: string[] = [];
  const digest = {
    run: (date?: string) => (calls.push(`digest ${date ?? 'today'}`), Promise.resolve('d')),
  };
  const sweep = { run: () => (calls.push('sweep'), Promise.resolve('s')) };
  const retention = { run: () => (calls.push('retention'), Promise.resolve('r')) };
  return {
    calls,
    jobs: new JobRunner(
      digest as unknown as AdviserDigest,
      sweep as unknown as Sweep,
      retention as unknown as Retention,
      hooks,
    ),
  };
}

describe('JobRunner', () => {
  it('runs the jobs this module owns by name', async () => {
    const { jobs, calls } = runner();
    expect(await jobs.run('sweep')).toBe('s');
    expect(await jobs.run('retention')).toBe('r');
    expect(await jobs.run('adviser-digest')).toBe('d');
    expect(await jobs.run('adviser-digest', { date: '2026-03-10' })).toBe('d');
    expect(calls).toEqual(['sweep', 'retention', 'digest today', 'digest 2026-03-10']);
  });

  it('refuses a digest date that is not a calendar date', async () => {
    const { jobs, calls } = runner();
    await expect(jobs.run('adviser-digest', { date: '2026-02-30' })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    await expect(jobs.run('adviser-digest', { date: 20260310 })).rejects.toBeInstanceOf(
      InvalidJobDataError,
    );
    expect(calls).toEqual([]);
  });

  it('names the missing hook for a job another module owns', async () => {
    const { jobs } = runner();
    expect(jobs.isWired('offer-expiry')).toBe(false);
    await expect(jobs.run('offer-expiry')).rejects.toThrow(
      new JobNotWiredError('offer-expiry').message,
    );
    await expect(jobs.run('nope')).rejects.toBeInstanceOf(UnknownJobError);
  });

  it('runs wired hooks with the job data, including extra job names', async () => {
    const seen: unknown[] = [];
    const { jobs } = runner({
      'offer-expiry': () => Promise.resolve({ expired: 3 }),
      'survey-reminders': (data) => (seen.push(data), Promise.resolve('ok')),
    });
    expect(jobs.isWired('offer-expiry')).toBe(true);
    expect(await jobs.run('offer-expiry')).toEqual({ expired: 3 });
    expect(await jobs.run('survey-reminders', { campaignId: 'c1' })).toBe('ok');
    expect(seen).toEqual([{ campaignId: 'c1' }]);
    await expect(jobs.run('survey-yearly')).rejects.toBeInstanceOf(JobNotWiredError);
  });
});
