import { AdviserDigestService, digestKey } from '../../src/jobs/adviser-digest.service.js';
import { SweepService } from '../../src/jobs/sweep.service.js';
import { QUEUES } from '../../src/queue/queue.constants.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { eventually, runJob, sleep } from './queue-helpers.js';
import { anEmployer } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aHiredPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';

// Tuesday 10 March 2026, 07:30 in Paris.
const NOW = new Date('2026-03-10T06:30:00Z');
const TODAY = '2026-03-10';

describe('adviser digest (real Redis, real SMTP)', () => {
  let t: TestApp;
  let busy: Staff;
  let idle: Staff;

  beforeAll(async () => {
    t = await createTestApp({ role: 'all', now: NOW, env: { JOB_SCHEDULES: 'false' } });
    busy = await t.staff('adviser', { displayName: 'Camille Durand' });
    idle = await t.staff('adviser', { displayName: 'Rien À Faire' });
    const other = await t.staff('manager');

    const bakery = await anEmployer(t.ds, {
      legal_name: 'SARL Martin',
      trade_name: 'Boulangerie Martin',
    });
    const lea = await aYoungPerson(t.ds, { first_name: 'Léa', last_name: 'Moreau' });
    const placement = await aHiredPlacement(t.ds, bakery, {
      young_person_id: lea,
      adviser_id: busy.id,
    });
    await aFollowUp(t.ds, placement, { due_date: '2026-03-06' }); // 4 days late
    await aFollowUp(t.ds, placement, { due_date: TODAY, with_whom: 'employer' });
    await aFollowUp(t.ds, placement, { due_date: '2026-03-17' }); // within 7 days
    await aFollowUp(t.ds, placement, { due_date: '2026-03-18' }); // beyond the window
    await aFollowUp(t.ds, placement, {
      due_date: '2026-03-02',
      status: 'done',
      done_on: '2026-03-02',
    });
    await aFollowUp(t.ds, placement, { due_date: '2026-03-03', status: 'cancelled' });
    // Someone else's placement is not in this digest.
    const theirs = await aHiredPlacement(t.ds, bakery, {
      young_person_id: lea,
      adviser_id: other.id,
    });
    await aFollowUp(t.ds, theirs, { due_date: TODAY });

    await anEmployer(t.ds, {
      legal_name: 'Garage Petit',
      referent_id: busy.id,
      last_interaction_at: new Date('2025-06-01T10:00:00Z'),
    });
    await anEmployer(t.ds, {
      legal_name: 'Jamais Contacté SAS',
      referent_id: busy.id,
      last_interaction_at: null,
      // Never contacted and created over 180 days ago: dormant by the one rule (docs/employers.md).
      created_at: new Date('2025-06-01T10:00:00Z'),
    });
    await anEmployer(t.ds, {
      legal_name: 'Archivée SA',
      referent_id: busy.id,
      status: 'archived',
      last_interaction_at: null,
    });
    await anEmployer(t.ds, {
      legal_name: 'Récente SARL',
      referent_id: busy.id,
      last_interaction_at: new Date('2026-02-01T10:00:00Z'),
    });

    await anInteraction(t.ds, bakery, busy.id, {
      next_action_at: new Date('2026-03-10T15:00:00Z'),
      next_action: 'Rappeler pour le poste de vendeur',
    });
    await anInteraction(t.ds, bakery, busy.id, {
      next_action_at: new Date('2026-03-11T07:00:00Z'),
      next_action: 'Action de demain',
    });
  });
  afterAll(() => t.close());

  const digestRows = async () =>
    (await t.ds.query(
      `SELECT recipient, idempotency_key FROM outbound_emails WHERE template = 'adviser-digest' ORDER BY recipient`,
    )) as { recipient: string; idempotency_key: string }[];

  it('mails an adviser what is overdue, due today and this week, dormant employers and next actions', async () => {
    const job = await runJob(t, QUEUES.reminders, 'adviser-digest');
    expect(job.returnvalue).toMatchObject({ date: TODAY, enqueued: 2 }); // busy + the other manager
    await t.smtp.waitFor(2);
    const [mail] = t.smtp.to(busy.email);
    expect(mail).toBeDefined();
    const text = mail!.parsed.text!;
    expect(mail!.parsed.subject).toBe(
      'Vos rappels du mardi 10 mars 2026 : 1 suivi en retard, 1 suivi aujourd’hui',
    );
    expect(text).toContain('Bonjour Camille Durand,');
    expect(text).toContain(
      'Suivis en retard (1)\n- ven. 6 mars — suivi avec le jeune et l’employeur : Boulangerie Martin, Léa M. — 4 jours de retard',
    );
    expect(text).toContain(
      'Suivis prévus aujourd’hui (1)\n- mar. 10 mars — suivi avec l’employeur : Boulangerie Martin, Léa M.',
    );
    expect(text).toContain('Suivis des 7 prochains jours (1)\n- mar. 17 mars');
    expect(text).not.toContain('18 mars');
    expect(text).toContain('Prochaines actions à faire (1)');
    expect(text).toContain('Rappeler pour le poste de vendeur');
    expect(text).not.toContain('Action de demain');
    expect(text).toContain('Employeurs sans contact depuis plus de 180 jours (2)');
    expect(text).toContain('- Jamais Contacté SAS — aucun contact enregistré');
    expect(text).toContain('- Garage Petit — dernier contact le 1 juin 2025');
    expect(text).not.toContain('Archivée SA');
    expect(text).not.toContain('Récente SARL');
    expect(text).not.toContain('Moreau'); // a first name and an initial are enough
    expect(mail!.parsed.html).toContain('href="https://crm.test/api/v1/me/agenda"');
  });

  it('sends nothing to an adviser with nothing to do', async () => {
    expect(t.smtp.to(idle.email)).toHaveLength(0);
    expect((await digestRows()).map((r) => r.recipient)).not.toContain(idle.email);
  });

  it('sends one digest per adviser per day, however many times the job runs', async () => {
    const before = t.smtp.messages.length;
    const again = await runJob(t, QUEUES.reminders, 'adviser-digest', {}, 'digest-rerun-1');
    expect(again.returnvalue).toMatchObject({ enqueued: 0 });
    await runJob(t, QUEUES.reminders, 'adviser-digest', { date: TODAY }, 'digest-rerun-2');
    await sleep(500);
    expect(t.smtp.messages.length).toBe(before);
    expect(t.smtp.to(busy.email)).toHaveLength(1);
    const keys = (await digestRows()).map((r) => r.idempotency_key);
    expect(keys).toContain(digestKey(busy.id, TODAY));
    expect(keys).toHaveLength(2);
  });

  it('sends one digest per adviser when two workers run it at the same time', async () => {
    const next = '2026-03-11';
    const second = await createTestApp({
      role: 'all',
      now: new Date('2026-03-11T06:30:00Z'),
      database: t.database,
      smtp: t.smtp,
      env: { QUEUE_PREFIX: t.config.queuePrefix, JOB_SCHEDULES: 'false' },
    });
    try {
      t.clock.set(new Date('2026-03-11T06:30:00Z'));
      t.smtp.clear();
      const runs = await Promise.all([
        t.get(AdviserDigestService).run(next),
        second.get(AdviserDigestService).run(next),
        t.get(AdviserDigestService).run(next),
        second.get(AdviserDigestService).run(next),
      ]);
      expect(runs.reduce((n, r) => n + r.enqueued, 0)).toBe(2);
      await t.smtp.waitFor(2);
      await eventually(async () => {
        const rows = (await t.ds.query(
          `SELECT count(*)::int AS n FROM outbound_emails WHERE idempotency_key LIKE 'digest-%-${next}' AND status = 'sent'`,
        )) as { n: number }[];
        return rows[0]!.n === 2;
      });
      await sleep(500);
      expect(t.smtp.to(busy.email)).toHaveLength(1);
      expect(t.smtp.messages).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it('is queued by the sweep once due, when Redis has no run of the day', async () => {
    const sweep = t.get(SweepService);
    t.clock.set(new Date('2026-03-12T06:00:00Z')); // 07:00 in Paris: not yet
    expect((await sweep.run()).digestJobId).toBeNull();
    t.clock.set(new Date('2026-03-14T09:00:00Z')); // Saturday
    expect((await sweep.run()).digestJobId).toBeNull();

    t.smtp.clear();
    t.clock.set(new Date('2026-03-12T07:05:00Z')); // Thursday 08:05 in Paris
    expect((await sweep.run()).digestJobId).toBe('adviser-digest-2026-03-12');
    await t.smtp.waitFor(2);
    expect(t.smtp.to(busy.email)[0]!.parsed.subject).toMatch(/^Vos rappels du jeudi 12 mars 2026/);
    await sweep.run();
    await sleep(500);
    expect(t.smtp.messages).toHaveLength(2);
  });

  it('sends nothing on a public holiday or a weekend', async () => {
    const digest = t.get(AdviserDigestService);
    expect(await digest.run('2026-05-01')).toEqual({
      date: '2026-05-01',
      skipped: 'not a working day',
      advisers: 0,
      enqueued: 0,
    });
    expect((await digest.run('2026-03-14')).skipped).toBe('not a working day');
  });
});
