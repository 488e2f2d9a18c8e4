import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../src/queue/queue.constants.js';
import {
  FAN_OUT_BATCH,
  LAUNCH_SYNC_BUDGET_MS,
  SurveysService,
} from '../../src/surveys/surveys.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aUser } from '../support/factories/user.js';

const LAUNCH = new Date('2027-01-11T08:00:00Z');

describe('survey fan-out over several batches', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: LAUNCH });
  });
  afterAll(() => t.close());

  it('invites a large audience once each, batch after batch, and a relaunch adds nothing', async () => {
    const count = FAN_OUT_BATCH * 2 + 37;
    const author = await aUser(t.ds);
    await t.ds.query(
      `WITH e AS (
         INSERT INTO employers (legal_name, status)
         SELECT 'Employeur ' || g, 'partner' FROM generate_series(1, $1) g RETURNING id
       ), c AS (
         INSERT INTO contact_persons (employer_id, email, is_primary)
         SELECT id, 'contact-' || id || '@employeur.example', true FROM e RETURNING employer_id
       )
       INSERT INTO interactions (employer_id, author_id, type, direction, occurred_at, subject)
       SELECT employer_id, $2, 'phone', 'outbound', $3, 'Appel' FROM c`,
      [count, author, new Date(LAUNCH.getTime() - 40 * 86_400_000)],
    );
    const svc = t.get(SurveysService);
    // Every batch inside the launch request, however slow the machine: handing the rest to a job
    // when the request's time budget runs out is the next test's subject.
    svc.launchBudgetMs = Number.POSITIVE_INFINITY;
    const c = await svc.create({ year: 2026 }, null);
    const launched = await svc.launch(c.id, null).finally(() => {
      svc.launchBudgetMs = LAUNCH_SYNC_BUDGET_MS;
    });
    expect(launched.counts.invited).toBe(count);
    expect(
      await t.ds.query(
        `SELECT count(*)::int AS mails, count(DISTINCT subject_id)::int AS invitations,
                count(DISTINCT recipient)::int AS recipients
           FROM outbound_emails WHERE template = 'survey-invite'`,
      ),
    ).toEqual([{ mails: count, invitations: count, recipients: count }]);
    expect(
      await t.ds.query(`SELECT count(*)::int AS n FROM survey_tokens WHERE purpose = 'invite'`),
    ).toEqual([{ n: count }]);
    expect(await svc.fanOut(c.id)).toEqual({ created: 0, complete: true });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM outbound_emails`)).toEqual([
      { n: count },
    ]);
  }, 120_000);

  it('hands a fan-out that outgrows the launch request to a survey-launch job', async () => {
    const svc = t.get(SurveysService);
    const queue = t.get<Queue>(getQueueToken(QUEUES.surveys) as never);
    const c = await svc.create({ year: 2025 }, null);
    svc.launchBudgetMs = 0;
    try {
      const launched = await svc.launch(c.id, null);
      // One batch within the request, the rest left to the job.
      expect(launched.counts.invited).toBe(FAN_OUT_BATCH);
    } finally {
      svc.launchBudgetMs = LAUNCH_SYNC_BUDGET_MS;
    }
    const job = await queue.getJob(`survey-launch-${c.id}`);
    expect(job?.name).toBe('survey-launch');
    expect(job?.data).toEqual({ campaignId: c.id });
    // What the worker's handler does with it (JobRunnerService: survey-launch -> fanOut).
    const result = await svc.fanOut((job!.data as { campaignId: string }).campaignId);
    expect(result).toEqual({ created: FAN_OUT_BATCH + 37, complete: true });
    expect((await svc.get(c.id)).counts.invited).toBe(FAN_OUT_BATCH * 2 + 37);
  }, 120_000);
});
