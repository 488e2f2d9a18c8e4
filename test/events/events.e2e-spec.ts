import { EmployersService } from '../../src/employers/employers.service.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aPlacement } from '../support/factories/placement.js';
import { anEvent } from '../support/factories/event.js';

describe('events', () => {
  let t: TestApp;
  let adviser: Staff;
  let other: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-10T10:00:00Z') });
    adviser = await t.staff('adviser');
    other = await t.staff('adviser');
  });
  afterAll(() => t.close());

  const create = (body: object, who: Staff = adviser) =>
    t.http.post('/api/v1/events').set(who.auth).send(body);

  it('creates a job dating with its place, and audits it', async () => {
    const res = await create({
      title: 'Job dating hôtellerie',
      type: 'job_dating',
      startsAt: '2026-03-20T09:30:00+01:00',
      place: { inseeCode: '25056', label: 'Salle Proudhon' },
      capacity: 30,
    }).expect(201);
    expect(res.body).toMatchObject({
      title: 'Job dating hôtellerie',
      type: 'job_dating',
      startsAt: '2026-03-20T08:30:00.000Z',
      place: { inseeCode: '25056', label: 'Salle Proudhon', city: 'Besançon' },
      capacity: 30,
      organiserId: adviser.id,
      employers: [],
      youngPeople: [],
      placements: [],
      attendance: { registered: 0, attended: 0, absent: 0 },
      version: 1,
    });
    const audit = await t.ds.query(
      "SELECT actor_id, action FROM audit_log WHERE entity = 'event' AND entity_id = $1",
      [res.body.id],
    );
    expect(audit).toEqual([{ actor_id: adviser.id, action: 'create' }]);
  });

  it('rejects an unknown commune, an instant without offset and unknown fields, writing nothing', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM events');
    const commune = await create({
      title: 'Forum',
      type: 'forum',
      startsAt: '2026-04-01T09:00:00Z',
      place: { inseeCode: '99999' },
    }).expect(400);
    expect(commune.body.errors).toEqual([
      { field: 'place.inseeCode', message: 'is not the INSEE code of a French commune' },
    ]);
    const offset = await create({
      title: 'Forum',
      type: 'forum',
      startsAt: '2026-04-01T09:00:00',
    }).expect(400);
    expect(offset.body.errors.map((e: { field: string }) => e.field)).toContain('startsAt');
    await create({ title: 'Forum', type: 'party', startsAt: '2026-04-01T09:00:00Z' }).expect(400);
    const blank = await create({ title: '   ', type: 'forum', startsAt: '2026-04-01T09:00:00Z' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'title', message: 'title must not be blank' }]);
    await create({
      title: 'Forum',
      type: 'forum',
      startsAt: '2026-04-01T09:00:00Z',
      budget: 3,
    }).expect(400);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM events')).toEqual(before);
  });

  it('lists by local date range and type, in date order, page by page', async () => {
    const ids = {
      before: await anEvent(t.ds, { starts_at: '2030-01-31T22:59:00Z', type: 'forum' }), // 23:59 on 31 Jan in Paris
      first: await anEvent(t.ds, { starts_at: '2030-01-31T23:00:00Z', type: 'forum' }), // 00:00 on 1 Feb
      visit: await anEvent(t.ds, { starts_at: '2030-02-10T09:00:00Z', type: 'company_visit' }),
      second: await anEvent(t.ds, { starts_at: '2030-02-15T09:00:00Z', type: 'forum' }),
      last: await anEvent(t.ds, { starts_at: '2030-02-28T22:59:00Z', type: 'forum' }), // 23:59 on 28 Feb
      after: await anEvent(t.ds, { starts_at: '2030-02-28T23:00:00Z', type: 'forum' }), // 1 March
    };
    const all = await t.http
      .get('/api/v1/events')
      .query({ from: '2030-02-01', to: '2030-02-28' })
      .set(adviser.auth)
      .expect(200);
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([
      ids.first,
      ids.visit,
      ids.second,
      ids.last,
    ]);
    const page1 = await t.http
      .get('/api/v1/events')
      .query({ from: '2030-02-01', to: '2030-02-28', type: 'forum', limit: 2 })
      .set(adviser.auth)
      .expect(200);
    expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([ids.first, ids.second]);
    const page2 = await t.http
      .get('/api/v1/events')
      .query({
        from: '2030-02-01',
        to: '2030-02-28',
        type: 'forum',
        limit: 2,
        cursor: page1.body.nextCursor,
      })
      .set(adviser.auth)
      .expect(200);
    expect(page2.body).toEqual({
      items: [expect.objectContaining({ id: ids.last })],
      nextCursor: null,
    });
    // Most recent first (the past events of the staff page), page by page as well.
    const q = { from: '2030-02-01', to: '2030-02-28', type: 'forum', limit: 2, order: 'desc' };
    const back1 = await t.http.get('/api/v1/events').query(q).set(adviser.auth).expect(200);
    expect(back1.body.items.map((e: { id: string }) => e.id)).toEqual([ids.last, ids.second]);
    const back2 = await t.http
      .get('/api/v1/events')
      .query({ ...q, cursor: back1.body.nextCursor })
      .set(adviser.auth)
      .expect(200);
    expect(back2.body.items.map((e: { id: string }) => e.id)).toEqual([ids.first]);
    expect(back2.body.nextCursor).toBeNull();
    await t.http.get('/api/v1/events').query({ order: 'up' }).set(adviser.auth).expect(400);
    await t.http.get('/api/v1/events').query({ from: '2030-13-01' }).set(adviser.auth).expect(400);
    await t.http
      .get('/api/v1/events')
      .query({ from: '2030-03-01', to: '2030-02-01' })
      .set(adviser.auth)
      .expect(400);
    await t.http.get('/api/v1/events').query({ cursor: 'bogus' }).set(adviser.auth).expect(400);
  });

  it('logs one event interaction per employer taking part, and keeps its last contact', async () => {
    // A past event (before "now", 2026-03-10): the contact counts for the employer.
    const event = await create({
      title: 'Job dating BTP',
      type: 'job_dating',
      startsAt: '2026-03-05T14:00:00+01:00',
      place: { inseeCode: '25388' },
    }).expect(201);
    const e1 = await anEmployer(t.ds, {
      legal_name: 'A Bâtiment',
      last_interaction_at: '2026-01-10T10:00:00Z',
    });
    const e2 = await anEmployer(t.ds, {
      legal_name: 'B Toitures',
      last_interaction_at: '2026-03-08T10:00:00Z',
    });
    const offer = await aJobOffer(t.ds, e1, { title: 'Maçon', positions: 2, status: 'published' });

    const res = await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(other.auth)
      .send({ employers: [{ employerId: e1, jobOfferIds: [offer] }, { employerId: e2 }] })
      .expect(200);
    expect(res.body.employers).toEqual([
      expect.objectContaining({
        employerId: e1,
        jobOfferIds: [offer],
        jobOffers: [
          { id: offer, title: 'Maçon', contractType: 'cdd', positions: 2, status: 'published' },
        ],
      }),
      expect.objectContaining({ employerId: e2, jobOfferIds: [], jobOffers: [] }),
    ]);

    const interactions = await t.ds.query(
      `SELECT employer_id, author_id, type, direction, occurred_at, subject, event_id
         FROM interactions WHERE event_id = $1 ORDER BY employer_id`,
      [event.body.id],
    );
    expect(interactions).toEqual(
      [e1, e2].sort().map((employerId) => ({
        employer_id: employerId,
        author_id: other.id,
        type: 'event',
        direction: 'outbound',
        occurred_at: new Date('2026-03-05T13:00:00Z'),
        subject: 'Job dating BTP',
        event_id: event.body.id,
      })),
    );
    const last = await t.ds.query(
      'SELECT id, last_interaction_at FROM employers WHERE id = ANY($1) ORDER BY id',
      [[e1, e2]],
    );
    const lastOf = Object.fromEntries(
      last.map((r: { id: string; last_interaction_at: Date }) => [r.id, r.last_interaction_at]),
    );
    // e1's last contact moves to the event; e2 had a later one, which stays.
    expect(lastOf[e1]).toEqual(new Date('2026-03-05T13:00:00Z'));
    expect(lastOf[e2]).toEqual(new Date('2026-03-08T10:00:00Z'));

    // Adding e1 again (new offers) logs nothing more.
    const offer2 = await aJobOffer(t.ds, e1, { title: 'Coffreur', status: 'published' });
    await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({ employers: [{ employerId: e1, jobOfferIds: [offer, offer2] }] })
      .expect(200);
    const count = await t.ds.query(
      'SELECT count(*)::int AS n FROM interactions WHERE event_id = $1',
      [event.body.id],
    );
    expect(count).toEqual([{ n: 2 }]);
    const row = await t.ds.query(
      'SELECT job_offer_ids FROM event_employers WHERE event_id = $1 AND employer_id = $2',
      [event.body.id, e1],
    );
    expect([...row[0].job_offer_ids].sort()).toEqual([offer, offer2].sort());
    const audit = await t.ds.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE entity_id = $1 OR entity_id IN
         (SELECT id FROM interactions WHERE event_id = $1) GROUP BY action ORDER BY action`,
      [event.body.id],
    );
    expect(audit).toEqual([
      { action: 'add_employer', n: 2 },
      { action: 'create', n: 3 }, // the event and two interactions
      { action: 'update_employer', n: 1 },
    ]);
  });

  it('does not move the last contact to an event still to come', async () => {
    const event = await create({
      title: 'Forum à venir',
      type: 'forum',
      startsAt: '2026-05-01T09:00:00Z',
    }).expect(201);
    const e = await anEmployer(t.ds, { last_interaction_at: '2026-01-10T10:00:00Z' });
    await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({ employers: [{ employerId: e }] })
      .expect(200);
    const [row] = await t.ds.query('SELECT last_interaction_at FROM employers WHERE id = $1', [e]);
    expect(row.last_interaction_at).toEqual(new Date('2026-01-10T10:00:00Z'));
    const [i] = await t.ds.query('SELECT occurred_at FROM interactions WHERE event_id = $1', [
      event.body.id,
    ]);
    expect(i.occurred_at).toEqual(new Date('2026-05-01T09:00:00Z'));
  });

  it("keeps a call logged today as the last contact after joining next month's event, and moves it on the event's day", async () => {
    const event = await create({
      title: 'Forum du mois prochain',
      type: 'forum',
      startsAt: '2026-04-15T09:00:00Z',
    }).expect(201);
    const e = await anEmployer(t.ds, { last_interaction_at: '2026-01-10T10:00:00Z' });
    await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({ employers: [{ employerId: e }] })
      .expect(200);
    await t.http
      .post(`/api/v1/employers/${e}/interactions`)
      .set(adviser.auth)
      .send({
        type: 'phone',
        direction: 'outbound',
        occurredAt: '2026-03-10T09:00:00Z',
        subject: 'Appel',
      })
      .expect(201);
    const lastContact = async () =>
      (await t.ds.query('SELECT last_interaction_at FROM employers WHERE id = $1', [e]))[0]
        .last_interaction_at;
    expect(await lastContact()).toEqual(new Date('2026-03-10T09:00:00Z'));
    const page = await t.http.get(`/api/v1/employers/${e}`).set(adviser.auth).expect(200);
    expect(page.body.lastInteractionAt).toBe('2026-03-10T09:00:00.000Z');

    // The event's day comes: the periodic catch-up makes it the last contact.
    const employers = t.get(EmployersService);
    t.clock.set(new Date('2026-04-15T12:00:00Z'));
    try {
      expect(await employers.catchUpLastContacts()).toBeGreaterThanOrEqual(1);
      expect(await lastContact()).toEqual(new Date('2026-04-15T09:00:00Z'));
      // Running it again changes nothing.
      await employers.catchUpLastContacts();
      expect(await lastContact()).toEqual(new Date('2026-04-15T09:00:00Z'));
    } finally {
      t.clock.set(new Date('2026-03-10T10:00:00Z'));
    }
  });

  it('moves the event interactions when the event is rescheduled', async () => {
    const event = await create({
      title: 'Visite usine',
      type: 'company_visit',
      startsAt: '2026-05-01T09:00:00Z',
    }).expect(201);
    const e = await anEmployer(t.ds, { last_interaction_at: '2026-01-10T10:00:00Z' });
    await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({ employers: [{ employerId: e }] })
      .expect(200);
    const res = await t.http
      .patch(`/api/v1/events/${event.body.id}`)
      .set(adviser.auth)
      .send({ startsAt: '2026-03-02T09:00:00Z', title: 'Visite de l’usine', version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ title: 'Visite de l’usine', version: 2 });
    const [i] = await t.ds.query(
      'SELECT occurred_at, subject FROM interactions WHERE event_id = $1',
      [event.body.id],
    );
    expect(i).toEqual({
      occurred_at: new Date('2026-03-02T09:00:00Z'),
      subject: 'Visite de l’usine',
    });
    const [row] = await t.ds.query('SELECT last_interaction_at FROM employers WHERE id = $1', [e]);
    expect(row.last_interaction_at).toEqual(new Date('2026-03-02T09:00:00Z'));
    // A stale version is refused.
    const stale = await t.http
      .patch(`/api/v1/events/${event.body.id}`)
      .set(adviser.auth)
      .send({ capacity: 10, version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('registers young people, records attendance once started, and respects the capacity', async () => {
    const event = await create({
      title: 'Atelier',
      type: 'workshop',
      startsAt: '2026-03-10T09:00:00Z', // started one hour before "now"
      capacity: 2,
    }).expect(201);
    const y1 = await aYoungPerson(t.ds, { first_name: 'Léa', last_name: 'Bernard' });
    const y2 = await aYoungPerson(t.ds, { first_name: 'Yanis', last_name: 'Arnaud' });
    const y3 = await aYoungPerson(t.ds);
    const url = `/api/v1/events/${event.body.id}/participants`;
    const res = await t.http
      .post(url)
      .set(adviser.auth)
      .send({ youngPeople: [{ youngPersonId: y1 }, { youngPersonId: y2, attendance: 'attended' }] })
      .expect(200);
    expect(res.body.youngPeople).toEqual([
      { youngPersonId: y2, firstName: 'Yanis', lastName: 'Arnaud', attendance: 'attended' },
      { youngPersonId: y1, firstName: 'Léa', lastName: 'Bernard', attendance: 'registered' },
    ]);
    const full = await t.http
      .post(url)
      .set(adviser.auth)
      .send({ youngPeople: [{ youngPersonId: y3 }] })
      .expect(409);
    expect(full.body.code).toBe('EVENT_FULL');
    const updated = await t.http
      .post(url)
      .set(adviser.auth)
      .send({ youngPeople: [{ youngPersonId: y1, attendance: 'absent' }] })
      .expect(200);
    expect(updated.body.attendance).toEqual({ registered: 0, attended: 1, absent: 1 });
    const shrink = await t.http
      .patch(`/api/v1/events/${event.body.id}`)
      .set(adviser.auth)
      .send({ capacity: 1 })
      .expect(409);
    expect(shrink.body.code).toBe('EVENT_FULL');
  });

  it('refuses attendance before the event starts', async () => {
    const event = await create({
      title: 'Forum futur',
      type: 'forum',
      startsAt: '2026-04-10T09:00:00Z',
    }).expect(201);
    const y = await aYoungPerson(t.ds);
    const early = await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({ youngPeople: [{ youngPersonId: y, attendance: 'attended' }] })
      .expect(409);
    expect(early.body.code).toBe('EVENT_NOT_STARTED');
    const rows = await t.ds.query(
      'SELECT count(*)::int AS n FROM event_young_people WHERE event_id = $1',
      [event.body.id],
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('rejects unknown participants and foreign offers, writing nothing', async () => {
    const event = await create({
      title: 'Job dating',
      type: 'job_dating',
      startsAt: '2026-03-01T09:00:00Z',
    }).expect(201);
    const e1 = await anEmployer(t.ds);
    const e2 = await anEmployer(t.ds);
    const foreign = await aJobOffer(t.ds, e2, { status: 'published' });
    const url = `/api/v1/events/${event.body.id}/participants`;
    const missing = await t.http
      .post(url)
      .set(adviser.auth)
      .send({
        employers: [{ employerId: e1 }, { employerId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b' }],
      })
      .expect(400);
    expect(missing.body.errors).toEqual([
      { field: 'employers.1.employerId', message: 'no such employer' },
    ]);
    const offer = await t.http
      .post(url)
      .set(adviser.auth)
      .send({ employers: [{ employerId: e1, jobOfferIds: [foreign] }] })
      .expect(400);
    expect(offer.body.errors[0].field).toBe('employers.0.jobOfferIds');
    await t.http
      .post(url)
      .set(adviser.auth)
      .send({ youngPeople: [{ youngPersonId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b' }] })
      .expect(400);
    await t.http.post(url).set(adviser.auth).send({}).expect(400);
    await t.http
      .post(url)
      .set(adviser.auth)
      .send({ employers: [{ employerId: 'nope' }] })
      .expect(400);
    const written = await t.ds.query(
      `SELECT (SELECT count(*)::int FROM event_employers WHERE event_id = $1) AS ee,
              (SELECT count(*)::int FROM interactions WHERE event_id = $1) AS i`,
      [event.body.id],
    );
    expect(written).toEqual([{ ee: 0, i: 0 }]);
    await t.http
      .post('/api/v1/events/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b/participants')
      .set(adviser.auth)
      .send({ employers: [{ employerId: e1 }] })
      .expect(404);
  });

  it('shows on its page the employers, attendance and the placements that came of it', async () => {
    const event = await create({
      title: 'Job dating commerce',
      type: 'job_dating',
      startsAt: '2026-03-03T09:00:00Z',
    }).expect(201);
    const e = await anEmployer(t.ds, { legal_name: 'Supérette du Centre' });
    const y = await aYoungPerson(t.ds);
    await t.http
      .post(`/api/v1/events/${event.body.id}/participants`)
      .set(adviser.auth)
      .send({
        employers: [{ employerId: e }],
        youngPeople: [{ youngPersonId: y, attendance: 'attended' }],
      })
      .expect(200);
    const p = await aPlacement(t.ds, e, {
      young_person_id: y,
      status: 'hired',
      event_id: event.body.id,
      contract_type: 'cdd',
      start_date: '2026-03-09',
      outcome: 'ongoing',
    });
    const page = await t.http.get(`/api/v1/events/${event.body.id}`).set(adviser.auth).expect(200);
    expect(page.body.employers).toEqual([
      { employerId: e, name: 'Supérette du Centre', jobOfferIds: [], jobOffers: [] },
    ]);
    expect(page.body.attendance).toEqual({ registered: 0, attended: 1, absent: 0 });
    expect(page.body.placements).toEqual([
      {
        id: p,
        youngPersonId: y,
        employerId: e,
        status: 'hired',
        contractType: 'cdd',
        startDate: '2026-03-09',
        outcome: 'ongoing',
      },
    ]);
    await t.http.get('/api/v1/events/not-a-uuid').set(adviser.auth).expect(400);
    await t.http
      .get('/api/v1/events/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b')
      .set(adviser.auth)
      .expect(404);
    await t.http.get(`/api/v1/events/${event.body.id}`).expect(401);
  });
});
