import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { hirePlacement, proposePlacement } from '../support/placements-api.js';

type FollowUp = { id: string; stepKey: string; dueDate: string; status: string; withWhom: string };
const keyed = (fus: FollowUp[]) => fus.map((f) => `${f.stepKey} ${f.dueDate} ${f.status}`);

describe('placements', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T09:00:00Z') });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(new Date('2026-03-20T09:00:00Z')));

  it('hires: trial period defaulted, schedule generated from plan v1, audited', async () => {
    const p = await hirePlacement(t, adviser, {
      contractType: 'cdd',
      startDate: '2026-03-30',
      endDate: '2026-06-30',
      weeklyHours: 35,
    });
    expect(p.body).toMatchObject({
      status: 'hired',
      outcome: 'ongoing',
      contractType: 'cdd',
      weeklyHours: 35,
      trialPeriodEndDate: '2026-04-11',
      atRisk: false,
      rupture: null,
      planVersion: 1,
      adviserId: adviser.id,
    });
    expect(keyed(p.body.followUps)).toEqual([
      'first_week 2026-04-03 planned', // S+7 is Easter Monday
      'mid_contract 2026-05-15 planned',
      'next_step 2026-06-09 planned',
    ]);
    const audit = await t.ds.query<{ action: string; entity: string }[]>(
      `SELECT action, entity FROM audit_log WHERE entity_id = $1 OR entity_id IN
         (SELECT id FROM follow_ups WHERE placement_id = $1) ORDER BY at, entity`,
      [p.id],
    );
    expect(audit.filter((a) => a.entity === 'follow_up')).toHaveLength(3);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'hire']));
  });

  it('keeps a given trial period end', async () => {
    const p = await hirePlacement(t, adviser, {
      contractType: 'cdi',
      startDate: '2026-03-02',
      trialPeriodEndDate: '2026-06-30',
    });
    expect(p.body.trialPeriodEndDate).toBe('2026-06-30');
    expect(p.body.followUps.map((f) => `${f.stepKey} ${f.dueDate}`)).toContain(
      'before_trial_end 2026-06-23',
    );
  });

  it('refuses an invalid contract with 400 naming the field, and changes nothing', async () => {
    const p = await proposePlacement(t, adviser);
    const noEnd = await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdd', startDate: '2026-03-30' })
      .expect(400);
    expect(noEnd.body.errors).toEqual([
      { field: 'endDate', message: 'a cdd contract needs an end date' },
    ]);
    const backwards = await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'temporary_work', startDate: '2026-03-30', endDate: '2026-03-01' })
      .expect(400);
    expect(backwards.body.errors[0].field).toBe('endDate');
    const badDate = await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdi', startDate: '2026-02-30' })
      .expect(400);
    expect(badDate.body.errors[0].field).toBe('startDate');
    await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdi', startDate: '9999-12-31' })
      .expect(400);
    await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'permanent', startDate: '2026-03-30' })
      .expect(400);
    const row = await t.ds.query(
      'SELECT status, (SELECT count(*)::int FROM follow_ups WHERE placement_id = $1) AS n FROM placements WHERE id = $1',
      [p.id],
    );
    expect(row).toEqual([{ status: 'proposed', n: 0 }]);
  });

  it('follows proposed -> interview -> hired and refuses other moves with 409', async () => {
    const p = await proposePlacement(t, adviser);
    await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ status: 'interview' })
      .expect(200);
    const viaPatch = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ status: 'hired' })
      .expect(409);
    expect(viaPatch.body.code).toBe('TRANSITION_NOT_ALLOWED');
    await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdi', startDate: '2026-04-01' })
      .expect(200);
    await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdi', startDate: '2026-04-01' })
      .expect(409);
    const w = await proposePlacement(t, adviser);
    await t.http
      .patch(`/api/v1/placements/${w.id}`)
      .set(adviser.auth)
      .send({ status: 'withdrawn' })
      .expect(200);
    await t.http
      .post(`/api/v1/placements/${w.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdi', startDate: '2026-04-01' })
      .expect(409);
  });

  it('answers 400 for an unknown employer and an unknown young person', async () => {
    const p = await proposePlacement(t, adviser);
    const badEmployer = await t.http
      .post('/api/v1/placements')
      .set(adviser.auth)
      .send({
        employerId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b',
        youngPersonId: p.youngPersonId,
      })
      .expect(400);
    expect(badEmployer.body.errors[0].field).toBe('employerId');
    const badPerson = await t.http
      .post('/api/v1/placements')
      .set(adviser.auth)
      .send({ employerId: p.employerId, youngPersonId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b' })
      .expect(400);
    expect(badPerson.body.errors[0].field).toBe('youngPersonId');
  });

  it("refuses another employer's job offer and an adviser who is not an active adviser or manager", async () => {
    const p = await proposePlacement(t, adviser);
    const ownOffer = await aJobOffer(t.ds, p.employerId);
    const otherOffer = await aJobOffer(t.ds, await anEmployer(t.ds));
    const admin = await t.staff('admin');
    const leaver = await t.staff('adviser');
    await t.ds.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);
    const create = (body: Record<string, unknown>) =>
      t.http
        .post('/api/v1/placements')
        .set(adviser.auth)
        .send({ employerId: p.employerId, youngPersonId: p.youngPersonId, ...body });
    const count = async () =>
      (
        await t.ds.query('SELECT count(*)::int AS n FROM placements WHERE employer_id = $1', [
          p.employerId,
        ])
      )[0].n as number;
    const before = await count();
    for (const [body, field] of [
      [{ jobOfferId: otherOffer }, 'jobOfferId'],
      [{ adviserId: admin.id }, 'adviserId'],
      [{ adviserId: leaver.id }, 'adviserId'],
    ] as const) {
      const res = await create(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    expect(await count()).toBe(before);
    const edited = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ jobOfferId: otherOffer })
      .expect(400);
    expect(edited.body.errors[0].field).toBe('jobOfferId');
    const reassigned = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ adviserId: leaver.id })
      .expect(400);
    expect(reassigned.body.errors[0].field).toBe('adviserId');
    const ok = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ jobOfferId: ownOffer, adviserId: manager.id })
      .expect(200);
    expect(ok.body).toMatchObject({ jobOfferId: ownOffer, adviserId: manager.id });
  });

  it('rupture: cancels planned steps, keeps done ones, adds a debrief 3 working days later', async () => {
    const p = await hirePlacement(t, adviser, {
      contractType: 'cdd',
      startDate: '2026-03-30',
      endDate: '2026-06-30',
    });
    const firstWeek = p.body.followUps.find((f) => f.stepKey === 'first_week')!;
    t.clock.set(new Date('2026-04-03T10:00:00Z'));
    await t.http
      .post(`/api/v1/follow-ups/${firstWeek.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-04-03', channel: 'visit', risk: 'watch', outcome: 'Début fragile' })
      .expect(200);
    t.clock.set(new Date('2026-04-08T10:00:00Z'));

    const outside = await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-07-01', initiative: 'employer', reason: 'Fin anticipée' })
      .expect(400);
    expect(outside.body.errors[0].field).toBe('date');

    const res = await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-04-08', initiative: 'employee', reason: 'Démission' })
      .expect(200);
    expect(res.body).toMatchObject({
      outcome: 'ruptured',
      rupture: {
        date: '2026-04-08',
        initiative: 'employee',
        reason: 'Démission',
        inTrialPeriod: true,
      },
    });
    expect(keyed(res.body.followUps)).toEqual([
      'first_week 2026-04-03 done',
      'debrief 2026-04-13 planned', // Wed 8 -> Thu 9, Fri 10, Mon 13
      'mid_contract 2026-05-15 cancelled',
      'next_step 2026-06-09 cancelled',
    ]);
    expect(res.body.followUps.find((f: FollowUp) => f.stepKey === 'debrief').withWhom).toBe(
      'young_person',
    );
    await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-04-09', initiative: 'employee', reason: 'x' })
      .expect(409);
    await t.http.post(`/api/v1/placements/${p.id}/complete`).set(adviser.auth).expect(409);
    const audit = await t.ds.query(
      `SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'rupture'`,
      [p.id],
    );
    expect(JSON.stringify(audit)).not.toContain('Démission');
  });

  it('rupture after the trial period says so', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-01-05' });
    const res = await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-03-06', initiative: 'employer', reason: 'Licenciement' })
      .expect(200);
    expect(res.body.rupture.inTrialPeriod).toBe(false);
  });

  it('completion cancels the remaining planned follow-ups', async () => {
    const p = await hirePlacement(t, adviser, {
      contractType: 'pmsmp',
      startDate: '2026-03-09',
      endDate: '2026-03-13',
    });
    expect(p.body.trialPeriodEndDate).toBeNull();
    const res = await t.http
      .post(`/api/v1/placements/${p.id}/complete`)
      .set(adviser.auth)
      .send({})
      .expect(200);
    expect(res.body).toMatchObject({ outcome: 'completed', completedOn: '2026-03-13' });
    expect(res.body.followUps.map((f: FollowUp) => f.status)).toEqual(['cancelled', 'cancelled']);
    const seq = await t.ds.query(
      'SELECT DISTINCT sequence FROM follow_ups WHERE placement_id = $1',
      [p.id],
    );
    expect(seq).toEqual([{ sequence: 1 }]);
  });

  it('a date change regenerates planned steps only, with the placement plan version', async () => {
    const p = await hirePlacement(t, adviser, {
      contractType: 'cdd',
      startDate: '2026-09-07',
      endDate: '2026-10-02',
    });
    expect(keyed(p.body.followUps)).toEqual([
      'next_step 2026-09-11 planned',
      'first_week 2026-09-14 planned',
    ]);
    const nextStep = p.body.followUps.find((f) => f.stepKey === 'next_step')!;
    t.clock.set(new Date('2026-09-11T10:00:00Z'));
    await t.http
      .post(`/api/v1/follow-ups/${nextStep.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-09-11', channel: 'phone', risk: 'none' })
      .expect(200);
    const res = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ endDate: '2026-12-04' })
      .expect(200);
    expect(res.body.trialPeriodEndDate).toBe('2026-09-18'); // 89 days = 12 weeks -> 12 days
    expect(keyed(res.body.followUps)).toEqual([
      'next_step 2026-09-11 done',
      'first_week 2026-09-14 planned',
      'mid_contract 2026-10-21 planned',
    ]);
    // Shortening moves nothing done and cancels what no longer fits.
    const shorter = await t.http
      .patch(`/api/v1/placements/${p.id}`)
      .set(adviser.auth)
      .send({ endDate: '2026-09-30' })
      .expect(200);
    expect(keyed(shorter.body.followUps)).toEqual([
      'next_step 2026-09-11 done',
      'first_week 2026-09-14 planned',
      'mid_contract 2026-10-21 cancelled',
    ]);
  });

  it('plan versions: a PUT applies to later hires, earlier placements keep theirs', async () => {
    const early = await hirePlacement(t, adviser, {
      contractType: 'iae',
      startDate: '2026-04-07',
      endDate: '2026-10-06',
    });
    expect(early.body.planVersion).toBe(1);

    const steps = [
      { key: 'welcome', anchor: 'start', offsetDays: 3, withWhom: 'young_person' },
      { key: 'monthly', anchor: 'start', offsetDays: 30, repeatEveryDays: 30, withWhom: 'both' },
      { key: 'mid', anchor: 'mid', offsetDays: 0, minContractDays: 365, withWhom: 'employer' },
    ];
    await t.http.put('/api/v1/follow-up-plans/iae').set(adviser.auth).send({ steps }).expect(403);
    const bad = await t.http
      .put('/api/v1/follow-up-plans/iae')
      .set(manager.auth)
      .send({ steps: [...steps, { ...steps[0], anchor: 'somewhere' }] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('steps.3.anchor');
    const dup = await t.http
      .put('/api/v1/follow-up-plans/iae')
      .set(manager.auth)
      .send({ steps: [...steps, { ...steps[0] }, { ...steps[0], key: 'debrief' }] })
      .expect(400);
    expect(dup.body.errors).toEqual([
      { field: 'steps.3.key', message: 'welcome is used twice' },
      { field: 'steps.4.key', message: 'debrief is reserved' },
    ]);
    await t.http.put('/api/v1/follow-up-plans/nope').set(manager.auth).send({ steps }).expect(400);

    const put = await t.http
      .put('/api/v1/follow-up-plans/iae')
      .set(manager.auth)
      .send({ steps })
      .expect(200);
    expect(put.body).toMatchObject({ contractType: 'iae', version: 2, steps });
    const plans = await t.http.get('/api/v1/follow-up-plans').set(adviser.auth).expect(200);
    expect(plans.body.items).toHaveLength(9);
    expect(
      plans.body.items.find((p: { contractType: string }) => p.contractType === 'iae'),
    ).toMatchObject({ version: 2 });

    const later = await hirePlacement(t, adviser, {
      contractType: 'iae',
      startDate: '2026-04-07',
      endDate: '2026-06-08',
    });
    expect(later.body.planVersion).toBe(2);
    expect(keyed(later.body.followUps)).toEqual([
      'welcome 2026-04-10 planned',
      'monthly#1 2026-05-07 planned',
      'monthly#2 2026-06-05 planned', // S+60 = Sat 6 June, moved back a day
    ]);

    // The earlier placement regenerates with v1 keys.
    const moved = await t.http
      .patch(`/api/v1/placements/${early.id}`)
      .set(adviser.auth)
      .send({ startDate: '2026-04-14' })
      .expect(200);
    expect(moved.body.planVersion).toBe(1);
    expect(moved.body.followUps.map((f: FollowUp) => f.stepKey)).toEqual([
      'first_weeks',
      'two_months',
      'next_step',
    ]);
    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ entity: 'follow_up_plan' })
      .set(await t.staff('admin').then((a) => a.auth))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'update', actorId: manager.id });
  });

  it('lists placements with filters', async () => {
    const other = await t.staff('adviser');
    const mine = await hirePlacement(t, other, { contractType: 'cdi', startDate: '2026-03-02' });
    await proposePlacement(t, other);
    const res = await t.http
      .get('/api/v1/placements')
      .query({ adviserId: 'me', status: 'hired' })
      .set(other.auth)
      .expect(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    const byEmployer = await t.http
      .get('/api/v1/placements')
      .query({ employerId: mine.employerId, contractType: 'cdi', atRisk: 'false' })
      .set(adviser.auth)
      .expect(200);
    expect(byEmployer.body).toMatchObject({ items: [{ id: mine.id }], nextCursor: null });
    await t.http.get('/api/v1/placements').query({ atRisk: 'maybe' }).set(adviser.auth).expect(400);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/placements/{id}/hire',
        '/api/v1/placements/{id}/rupture',
        '/api/v1/follow-ups/{id}/complete',
        '/api/v1/follow-up-plans/{contractType}',
        '/api/v1/me/agenda',
        '/api/v1/young-people/{id}/erase',
      ]),
    );
  });

  it('concurrent writes: one hire wins, plan versions follow each other', async () => {
    const p = await proposePlacement(t, adviser);
    const hire = () =>
      t.http
        .post(`/api/v1/placements/${p.id}/hire`)
        .set(adviser.auth)
        .send({ contractType: 'cdi', startDate: '2026-04-01' });
    const statuses = (await Promise.all([hire(), hire()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const [n] = await t.ds.query(
      'SELECT count(*)::int AS n FROM follow_ups WHERE placement_id = $1',
      [p.id],
    );
    expect(n).toEqual({ n: 4 });

    const steps = [{ key: 'only', anchor: 'start', offsetDays: 1, withWhom: 'both' }];
    const put = () => t.http.put('/api/v1/follow-up-plans/pec').set(manager.auth).send({ steps });
    const puts = await Promise.all([put(), put(), put()]);
    expect(puts.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(puts.map((r) => r.body.version as number).sort()).toEqual([2, 3, 4]);
  });
});
