import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';
import { hirePlacement } from '../support/placements-api.js';

type FollowUp = {
  id: string;
  placementId: string;
  stepKey: string;
  dueDate: string;
  status: string;
  version: number;
};

describe('follow-ups', () => {
  let t: TestApp;
  let adviser: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T09:00:00Z') });
    adviser = await t.staff('adviser');
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(new Date('2026-03-20T09:00:00Z')));

  async function atRisk(placementId: string): Promise<boolean> {
    const res = await t.http.get(`/api/v1/placements/${placementId}`).set(adviser.auth).expect(200);
    return res.body.atRisk as boolean;
  }

  it('a high risk flags the placement and plans a risk check within 7 days', async () => {
    // CDI from Mon 2 March: first_week 9 March, then before_trial_end 24 April.
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-03-02' });
    const firstWeek = p.body.followUps.find((f) => f.stepKey === 'first_week')!;
    const done = await t.http
      .post(`/api/v1/follow-ups/${firstWeek.id}/complete`)
      .set(adviser.auth)
      .send({
        doneOn: '2026-03-19',
        channel: 'visit',
        risk: 'high',
        withWhom: 'employer',
        outcome: 'Retards répétés, tension avec le tuteur',
      })
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      doneOn: '2026-03-19',
      risk: 'high',
      channel: 'visit',
      withWhom: 'employer',
    });
    expect(await atRisk(p.id)).toBe(true);
    const planned = await t.http
      .get('/api/v1/follow-ups')
      .query({ placementId: p.id, status: 'planned' })
      .set(adviser.auth)
      .expect(200);
    // Today is Friday 20 March: +7 = Friday 27 March, a working day.
    expect(planned.body.items.map((f: FollowUp) => `${f.stepKey} ${f.dueDate}`)).toEqual([
      'risk_check 2026-03-27',
      'before_trial_end 2026-04-24',
      'three_months 2026-05-29',
      'six_months 2026-08-28',
    ]);

    // Another high risk while the risk check is planned adds nothing.
    const check = planned.body.items[0] as FollowUp;
    t.clock.set(new Date('2026-03-23T09:00:00Z'));
    const adHoc = await t.http
      .post(`/api/v1/placements/${p.id}/follow-ups`)
      .set(adviser.auth)
      .send({ dueDate: '2026-03-23', withWhom: 'young_person', channel: 'phone' })
      .expect(201);
    expect(adHoc.body).toMatchObject({ stepKey: 'ad_hoc', status: 'planned', channel: 'phone' });
    await t.http
      .post(`/api/v1/follow-ups/${adHoc.body.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-23', channel: 'phone', risk: 'high' })
      .expect(200);
    const count = await t.ds.query(
      `SELECT count(*)::int AS n FROM follow_ups WHERE placement_id = $1 AND step_key = 'risk_check'`,
      [p.id],
    );
    expect(count).toEqual([{ n: 1 }]);

    // A later follow-up with risk 'watch' clears the flag.
    t.clock.set(new Date('2026-03-27T09:00:00Z'));
    await t.http
      .post(`/api/v1/follow-ups/${check.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-27', channel: 'meeting', risk: 'watch' })
      .expect(200);
    expect(await atRisk(p.id)).toBe(false);
    const flags = await t.ds.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE '%at_risk' ORDER BY at`,
      [p.id],
    );
    expect(flags).toEqual([{ action: 'flag_at_risk' }, { action: 'clear_at_risk' }]);
    const notes = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE changes::text LIKE '%tuteur%'`,
    );
    expect(notes).toEqual([{ n: 0 }]);
  });

  it('a late-recorded older follow-up does not clear a newer high risk', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-01-05' });
    const [first, second] = p.body.followUps as FollowUp[];
    await t.http
      .post(`/api/v1/follow-ups/${second!.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-18', channel: 'visit', risk: 'high' })
      .expect(200);
    await t.http
      .post(`/api/v1/follow-ups/${first!.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-01-12', channel: 'phone', risk: 'none' })
      .expect(200);
    expect(await atRisk(p.id)).toBe(true);
  });

  it('refuses a completion in the future, twice, or with bad values, changing nothing', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-03-02' });
    const f = p.body.followUps[0]!;
    const future = await t.http
      .post(`/api/v1/follow-ups/${f.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-21', channel: 'visit', risk: 'none' })
      .expect(400);
    expect(future.body.errors).toEqual([
      { field: 'doneOn', message: 'doneOn cannot be in the future' },
    ]);
    const bad = await t.http
      .post(`/api/v1/follow-ups/${f.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-20', channel: 'pigeon', risk: 'extreme' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'channel',
      'risk',
    ]);
    await t.http
      .post(`/api/v1/follow-ups/${f.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-20', channel: 'visit', risk: 'none' })
      .expect(200);
    const twice = await t.http
      .post(`/api/v1/follow-ups/${f.id}/complete`)
      .set(adviser.auth)
      .send({ doneOn: '2026-03-20', channel: 'visit', risk: 'none' })
      .expect(409);
    expect(twice.body.code).toBe('FOLLOW_UP_CLOSED');
    const moved = await t.http
      .patch(`/api/v1/follow-ups/${f.id}`)
      .set(adviser.auth)
      .send({ dueDate: '2026-04-01' })
      .expect(409);
    expect(moved.body.code).toBe('FOLLOW_UP_CLOSED');
  });

  it('reschedules a planned follow-up and bumps its calendar sequence', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-03-02' });
    const f = (p.body.followUps as FollowUp[]).find((x) => x.stepKey === 'three_months')!;
    const stale = await t.http
      .patch(`/api/v1/follow-ups/${f.id}`)
      .set(adviser.auth)
      .send({ dueDate: '2026-06-02', version: f.version + 5 })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const res = await t.http
      .patch(`/api/v1/follow-ups/${f.id}`)
      .set(adviser.auth)
      .send({ dueDate: '2026-06-02', channel: 'video', withWhom: 'employer', version: f.version })
      .expect(200);
    expect(res.body).toMatchObject({
      dueDate: '2026-06-02',
      channel: 'video',
      withWhom: 'employer',
    });
    const [row] = await t.ds.query('SELECT sequence FROM follow_ups WHERE id = $1', [f.id]);
    expect(row).toEqual({ sequence: 1 });
    await t.http
      .patch(`/api/v1/follow-ups/${f.id}`)
      .set(adviser.auth)
      .send({ dueDate: null })
      .expect(400);
  });

  it('lists with filters: mine, status, due range, overdue, placement', async () => {
    const me = await t.staff('adviser');
    const other = await t.staff('adviser');
    const mine = await hirePlacement(t, me, { contractType: 'cdi', startDate: '2026-03-02' });
    await hirePlacement(t, other, { contractType: 'cdi', startDate: '2026-03-02' });
    const list = (query: Record<string, string>) =>
      t.http.get('/api/v1/follow-ups').query(query).set(me.auth).expect(200);

    const all = await list({ adviserId: 'me' });
    expect(all.body.items.map((f: FollowUp) => f.placementId)).toEqual(Array(4).fill(mine.id));
    const overdue = await list({ adviserId: 'me', overdue: 'true' });
    expect(overdue.body.items.map((f: FollowUp) => f.stepKey)).toEqual(['first_week']);
    const range = await list({ adviserId: 'me', dueFrom: '2026-04-01', dueTo: '2026-05-31' });
    expect(range.body.items.map((f: FollowUp) => f.stepKey)).toEqual([
      'before_trial_end',
      'three_months',
    ]);
    const paged = await list({ adviserId: 'me', limit: '3' });
    expect(paged.body.items).toHaveLength(3);
    const rest = await list({ adviserId: 'me', limit: '3', cursor: paged.body.nextCursor });
    expect(rest.body).toMatchObject({ items: [{ stepKey: 'six_months' }], nextCursor: null });
    const byOther = await list({ adviserId: other.id, status: 'done' });
    expect(byOther.body.items).toEqual([]);
    await t.http.get('/api/v1/follow-ups').query({ adviserId: 'you' }).set(me.auth).expect(400);
    await t.http
      .get('/api/v1/follow-ups')
      .query({ dueFrom: '2026-13-01' })
      .set(me.auth)
      .expect(400);
  });

  it('agenda: overdue with days late, today, next 7 days, and next actions due', async () => {
    const me = await t.staff('adviser');
    // S = Mon 2 March: first_week 9 March (overdue by 11 days on 20 March).
    const p = await hirePlacement(t, me, { contractType: 'cdi', startDate: '2026-03-02' });
    await t.http
      .post(`/api/v1/placements/${p.id}/follow-ups`)
      .set(me.auth)
      .send({ dueDate: '2026-03-20' })
      .expect(201);
    await t.http
      .post(`/api/v1/placements/${p.id}/follow-ups`)
      .set(me.auth)
      .send({ dueDate: '2026-03-27' })
      .expect(201);
    await t.http
      .post(`/api/v1/placements/${p.id}/follow-ups`)
      .set(me.auth)
      .send({ dueDate: '2026-03-28' })
      .expect(201);
    const employerId = await anEmployer(t.ds, { legal_name: 'Boulangerie Durand' });
    // 20 March 23:30 in Paris is 22:30 UTC: due today there.
    await anInteraction(t.ds, employerId, me.id, {
      next_action_at: new Date('2026-03-20T22:30:00Z'),
      next_action: 'Rappeler pour le poste de vendeur',
    });
    await anInteraction(t.ds, employerId, me.id, {
      next_action_at: new Date('2026-03-18T08:00:00Z'),
    });
    await anInteraction(t.ds, employerId, me.id, {
      next_action_at: new Date('2026-04-30T08:00:00Z'),
    });
    await anInteraction(t.ds, employerId, adviser.id, { next_action_at: new Date() });
    // The horizon's last second in Paris (UTC+1 until 29 March) is in; its next midnight is out.
    await anInteraction(t.ds, employerId, me.id, {
      next_action_at: new Date('2026-03-27T22:59:59Z'),
    });
    await anInteraction(t.ds, employerId, me.id, {
      next_action_at: new Date('2026-03-27T23:00:00Z'),
    });

    const res = await t.http.get('/api/v1/me/agenda').set(me.auth).expect(200);
    expect(res.body.date).toBe('2026-03-20');
    expect(res.body.overdue).toEqual([
      expect.objectContaining({ stepKey: 'first_week', dueDate: '2026-03-09', daysLate: 11 }),
    ]);
    expect(res.body.overdue[0].youngPersonName).toMatch(/^Léa Martin-/);
    expect(res.body.today).toEqual([
      expect.objectContaining({ stepKey: 'ad_hoc', dueDate: '2026-03-20', daysLate: 0 }),
    ]);
    expect(res.body.next7Days.map((f: FollowUp) => f.dueDate)).toEqual(['2026-03-27']);
    expect(
      res.body.nextActions.map((a: { dueDate: string; daysLate: number; employerName: string }) => [
        a.dueDate,
        a.daysLate,
        a.employerName,
      ]),
    ).toEqual([
      ['2026-03-18', 2, 'Boulangerie Durand'],
      ['2026-03-20', 0, 'Boulangerie Durand'],
      ['2026-03-27', 0, 'Boulangerie Durand'],
    ]);
    const someoneElse = await t.staff('adviser');
    const empty = await t.http.get('/api/v1/me/agenda').set(someoneElse.auth).expect(200);
    expect(empty.body).toEqual({
      date: '2026-03-20',
      overdue: [],
      today: [],
      next7Days: [],
      nextActions: [],
    });
  });

  it('simultaneous completions and a rupture: one change wins per follow-up, never both', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-03-02' });
    const f = p.body.followUps[0]!;
    const complete = (risk: string) =>
      t.http
        .post(`/api/v1/follow-ups/${f.id}/complete`)
        .set(adviser.auth)
        .send({ doneOn: '2026-03-20', channel: 'phone', risk });
    const rupture = t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-03-20', initiative: 'employer', reason: 'Fin' });
    const [a, b, r] = await Promise.all([complete('high'), complete('none'), rupture]);
    expect(r.status).toBe(200);
    const completed = [a.status, b.status].filter((s) => s === 200).length;
    expect([a.status, b.status].every((s) => s === 200 || s === 409)).toBe(true);
    expect(completed).toBeLessThanOrEqual(1);
    const [row] = await t.ds.query('SELECT status, sequence FROM follow_ups WHERE id = $1', [f.id]);
    // Completed before the rupture (kept done) or cancelled by it: changed exactly once.
    expect(row).toEqual({ status: completed ? 'done' : 'cancelled', sequence: 1 });
    const [placement] = await t.ds.query('SELECT at_risk FROM placements WHERE id = $1', [p.id]);
    expect(placement).toEqual({ at_risk: false });
  });

  it('two simultaneous completions of one follow-up: one wins, the other gets 409', async () => {
    const p = await hirePlacement(t, adviser, { contractType: 'cdi', startDate: '2026-03-02' });
    const f = p.body.followUps[0]!;
    const complete = (risk: string) =>
      t.http
        .post(`/api/v1/follow-ups/${f.id}/complete`)
        .set(adviser.auth)
        .send({ doneOn: '2026-03-20', channel: 'phone', risk });
    const [a, b] = await Promise.all([complete('watch'), complete('none')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [row] = await t.ds.query('SELECT status, sequence FROM follow_ups WHERE id = $1', [f.id]);
    expect(row).toEqual({ status: 'done', sequence: 1 });
  });
});
