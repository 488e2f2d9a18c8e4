import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QUEUES } from '../../src/queue/queue.constants.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { cliEnv, runJob } from './queue-helpers.js';
import { anEmployer } from '../support/factories/employer.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aHiredPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';

const exec = promisify(execFile);
const NOW = new Date('2026-03-10T01:30:00Z');
// RETENTION_MONTHS defaults to 36: inactive since before 2023-03-10.
const OLD = new Date('2022-06-01T10:00:00Z');
const RECENT = new Date('2024-01-15T10:00:00Z');

interface PersonRow {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  external_id: string | null;
  erased_at: Date | null;
}

describe('maintenance: retention', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ role: 'all', now: NOW, env: { JOB_SCHEDULES: 'false' } });
    const employer = await anEmployer(t.ds);
    const person = (over: Record<string, unknown>) =>
      aYoungPerson(t.ds, {
        first_name: 'Léa',
        last_name: 'Moreau',
        email: 'lea.moreau@example.org',
        phone: '0601020304',
        birth_date: '2004-05-06',
        created_at: OLD,
        updated_at: OLD,
        ...over,
      });
    ids.inactive = await person({ external_id: 'I-1' });
    const p1 = await aHiredPlacement(t.ds, employer, {
      young_person_id: ids.inactive,
      adviser_id: null,
      updated_at: OLD,
    });
    await aFollowUp(t.ds, p1, { due_date: '2022-07-01', updated_at: OLD });

    ids.recentFollowUp = await person({ external_id: 'I-2' });
    const p2 = await aHiredPlacement(t.ds, employer, {
      young_person_id: ids.recentFollowUp,
      adviser_id: null,
      updated_at: OLD,
    });
    await aFollowUp(t.ds, p2, { due_date: '2024-01-15', updated_at: RECENT });

    ids.recentPlacement = await person({ external_id: 'I-3' });
    await aHiredPlacement(t.ds, employer, {
      young_person_id: ids.recentPlacement,
      adviser_id: null,
      updated_at: RECENT,
    });
    ids.recentSelf = await person({ external_id: 'I-4', updated_at: RECENT });
    ids.alreadyErased = await person({
      first_name: 'Anonyme',
      last_name: 'Anonyme',
      email: null,
      phone: null,
      birth_date: null,
      erased_at: new Date('2025-01-01T00:00:00Z'),
    });

    const mail = (key: string, status: string, createdAt: Date) =>
      t.ds.query(
        `INSERT INTO outbound_emails (idempotency_key, recipient, template, params, message_id, status, created_at, sent_at)
         VALUES ($1, 'x@example.org', 'survey-invite', '{"subject":"s","html":"h","text":"t"}', $2, $3, $4, $5)`,
        [key, `<${key}@crm.test>`, status, createdAt, status === 'sent' ? createdAt : null],
      );
    await mail('old-sent', 'sent', new Date('2025-11-01T10:00:00Z')); // > 90 days
    await mail('old-failed', 'failed', new Date('2025-11-01T10:00:00Z'));
    await mail('old-pending', 'pending', new Date('2025-11-01T10:00:00Z'));
    await mail('young-sent', 'sent', new Date('2026-02-01T10:00:00Z'));
  });
  afterAll(() => t.close());

  const personRow = async (id: string) =>
    ((await t.ds.query('SELECT * FROM young_people WHERE id = $1', [id])) as PersonRow[])[0]!;

  it('anonymises young people without activity for RETENTION_MONTHS, audited without their identity', async () => {
    const job = await runJob(t, QUEUES.maintenance, 'retention');
    expect(job.returnvalue).toEqual({ anonymised: 1, mailBodiesPurged: 2 });

    expect(await personRow(ids.inactive!)).toMatchObject({
      first_name: 'Anonyme',
      last_name: 'Anonyme',
      email: null,
      phone: null,
      birth_date: null,
      external_id: null,
      erased_at: NOW,
    });
    for (const kept of ['recentFollowUp', 'recentPlacement', 'recentSelf'])
      expect(await personRow(ids[kept]!)).toMatchObject({ last_name: 'Moreau', erased_at: null });
    expect((await personRow(ids.alreadyErased!)).erased_at).toEqual(
      new Date('2025-01-01T00:00:00Z'),
    );
    // Placements and follow-ups stay for the statistics.
    expect(
      await t.ds.query('SELECT count(*)::int AS n FROM placements WHERE young_person_id = $1', [
        ids.inactive,
      ]),
    ).toEqual([{ n: 1 }]);

    const audit = (await t.ds.query(
      `SELECT actor_id, action, changes FROM audit_log WHERE entity = 'young_person' AND entity_id = $1`,
      [ids.inactive],
    )) as { actor_id: string | null; action: string; changes: unknown[] }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, action: 'erase' });
    expect(audit[0]!.changes).toEqual(
      expect.arrayContaining([{ field: 'lastName' }, { field: 'email' }]),
    );
    expect(JSON.stringify(audit[0]!.changes)).not.toMatch(/Moreau|lea\.moreau|0601020304/);
  });

  it('purges sent mail bodies older than 90 days and keeps who, when and which template', async () => {
    const rows = (await t.ds.query(
      `SELECT idempotency_key AS key, params IS NULL AS purged, purged_at IS NOT NULL AS stamped,
              recipient, template, sent_at IS NOT NULL AS has_sent_at
         FROM outbound_emails ORDER BY idempotency_key`,
    )) as Record<string, unknown>[];
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['old-sent']).toMatchObject({
      purged: true,
      stamped: true,
      recipient: 'x@example.org',
      template: 'survey-invite',
      has_sent_at: true,
    });
    expect(byKey['old-failed']).toMatchObject({ purged: true });
    expect(byKey['old-pending']).toMatchObject({ purged: false }); // still to send
    expect(byKey['young-sent']).toMatchObject({ purged: false, stamped: false });
  });

  it('finds nothing left to do when run again from the command line', async () => {
    const { stdout } = await exec(process.execPath, ['dist/src/cli/jobs.js', 'retention'], {
      env: cliEnv(t),
    });
    // The CLI runs on the real clock: a later "now" can only find more, and here there is none.
    expect(JSON.parse(stdout)).toMatchObject({
      job: 'retention',
      result: { anonymised: 0 },
    });
  });

  it('runs the digest of a given day by hand', async () => {
    const { stdout } = await exec(
      process.execPath,
      ['dist/src/cli/jobs.js', 'adviser-digest', '2026-03-14'],
      { env: cliEnv(t) },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      job: 'adviser-digest',
      result: { date: '2026-03-14', skipped: 'not a working day' },
    });
  });

  it('runs the offer expiry job from the command line', async () => {
    const { stdout } = await exec(process.execPath, ['dist/src/cli/jobs.js', 'offer-expiry'], {
      env: cliEnv(t),
    });
    expect(JSON.parse(stdout)).toMatchObject({
      job: 'offer-expiry',
      result: { expired: expect.any(Number) },
    });
  });

  it('fails clearly, with exit code 1, for bad job data or a job that does not exist', async () => {
    const badDate = exec(
      process.execPath,
      ['dist/src/cli/jobs.js', 'adviser-digest', '2026-02-30'],
      {
        env: cliEnv(t),
      },
    );
    await expect(badDate).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('adviser-digest: date must be YYYY-MM-DD'),
    });
    const unknown = exec(process.execPath, ['dist/src/cli/jobs.js', 'make-coffee'], {
      env: cliEnv(t),
    });
    await expect(unknown).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown job make-coffee; known jobs: adviser-digest'),
    });
  });
});
