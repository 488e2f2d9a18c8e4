import { JobOffersService } from '../../src/job-offers/job-offers.service.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aJobOffer, aPublishedOffer } from '../support/factories/job-offer.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const DAY = 86_400_000;

function offerBody(employerId: string, overrides: Record<string, unknown> = {}) {
  return {
    employerId,
    title: 'Commis de cuisine',
    romeCode: 'G1602',
    description: 'Préparation des entrées et des desserts, plonge.',
    contractType: 'cdd',
    workingTime: 'part_time',
    weeklyHours: 24,
    positions: 2,
    startDate: '2026-04-01',
    expiresAt: '2026-04-30T23:59:59+02:00',
    location: { inseeCode: '25056' },
    ...overrides,
  };
}

describe('job offers (staff API)', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;
  let employerId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
    employerId = await anEmployer(t.ds);
  });
  afterAll(() => t.close());

  const count = async () =>
    (await t.ds.query('SELECT count(*)::int AS n FROM job_offers'))[0].n as number;

  async function createOffer(overrides: Record<string, unknown> = {}, who: Staff = adviser) {
    const res = await t.http
      .post('/api/v1/job-offers')
      .set(who.auth)
      .send(offerBody(employerId, overrides))
      .expect(201);
    return res.body;
  }

  const transition = (id: string, to: string, who: Staff = adviser) =>
    t.http.post(`/api/v1/job-offers/${id}/transitions`).set(who.auth).send({ to });

  it('refuses every route without a token', async () => {
    await t.http.get('/api/v1/job-offers').expect(401);
    await t.http.post('/api/v1/job-offers').send(offerBody(employerId)).expect(401);
  });

  it('creates a draft offer, derives city and EPCI from the commune, defaults the adviser to the caller, and audits it', async () => {
    const body = await createOffer();
    expect(body).toMatchObject({
      employerId,
      title: 'Commis de cuisine',
      romeCode: 'G1602',
      contractType: 'cdd',
      workingTime: 'part_time',
      weeklyHours: 24,
      positions: 2,
      startDate: '2026-04-01',
      expiresAt: '2026-04-30T21:59:59.000Z',
      location: { inseeCode: '25056', postalCode: '25000', city: 'Besançon' },
      epciCode: '242500361',
      status: 'draft',
      publishedAt: null,
      adviserId: adviser.id,
      version: 1,
    });
    const audit = await t.ds.query(
      `SELECT actor_id, action FROM audit_log WHERE entity = 'job_offer' AND entity_id = $1`,
      [body.id],
    );
    expect(audit).toEqual([{ actor_id: adviser.id, action: 'create' }]);
    const got = await t.http.get(`/api/v1/job-offers/${body.id}`).set(adviser.auth).expect(200);
    expect(got.body).toEqual(body);
  });

  it('derives the working time from the weekly hours when it is absent (part time below 35 h)', async () => {
    const partTime = await createOffer({ workingTime: undefined, weeklyHours: 24 });
    expect(partTime).toMatchObject({ workingTime: 'part_time', weeklyHours: 24 });
    const fullTime = await createOffer({ workingTime: undefined, weeklyHours: 35 });
    expect(fullTime.workingTime).toBe('full_time');
    const unknownHours = await createOffer({ workingTime: undefined, weeklyHours: undefined });
    expect(unknownHours).toMatchObject({ workingTime: 'full_time', weeklyHours: null });
    const edited = await t.http
      .patch(`/api/v1/job-offers/${fullTime.id}`)
      .set(adviser.auth)
      .send({ version: fullTime.version, weeklyHours: 28 })
      .expect(200);
    expect(edited.body).toMatchObject({ workingTime: 'part_time', weeklyHours: 28 });
    const refused = await t.http
      .patch(`/api/v1/job-offers/${fullTime.id}`)
      .set(adviser.auth)
      .send({ version: edited.body.version, workingTime: 'full_time' })
      .expect(400);
    expect(refused.body.errors[0].field).toBe('workingTime');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a malformed ROME code', { romeCode: 'Z1234' }, 'romeCode'],
    ['more than 48 weekly hours', { workingTime: 'full_time', weeklyHours: 49 }, 'weeklyHours'],
    ['a part-time offer without hours', { weeklyHours: undefined }, 'weeklyHours'],
    ['a part-time offer of 35 hours', { weeklyHours: 35 }, 'weeklyHours'],
    ['a full-time offer of 24 hours', { workingTime: 'full_time', weeklyHours: 24 }, 'workingTime'],
    ['zero positions', { positions: 0 }, 'positions'],
    ['an unknown contract type', { contractType: 'freelance' }, 'contractType'],
    ['an unknown commune', { location: { inseeCode: '99999' } }, 'location.inseeCode'],
    [
      'a postal code of another commune',
      { location: { inseeCode: '25056', postalCode: '25200' } },
      'location.postalCode',
    ],
    [
      'a commune with several postal codes and none given',
      { location: { inseeCode: '75056' } },
      'location.postalCode',
    ],
    ['an impossible start date', { startDate: '2026-02-30' }, 'startDate'],
    ['an expiry without offset', { expiresAt: '2026-04-30' }, 'expiresAt'],
    ['an expiry in the past', { expiresAt: '2026-03-01T00:00:00Z' }, 'expiresAt'],
    ['an unknown employer', { employerId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b' }, 'employerId'],
    ['an unknown field', { salary: 2000 }, 'salary'],
    ['a blank title', { title: '   ' }, 'title'],
    ['no location', { location: undefined }, 'location'],
    ['a location that is not an object', { location: '25056' }, 'location'],
    ['weekly hours as text', { weeklyHours: '24' }, 'weeklyHours'],
  ])('rejects %s with 400 naming the field, and writes nothing', async (_, overrides, field) => {
    const before = await count();
    const res = await t.http
      .post('/api/v1/job-offers')
      .set(adviser.auth)
      .send(offerBody(employerId, overrides))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('answers every null or mistyped field of a creation with 201 or 400, never a 500', async () => {
    const fields = [
      'employerId',
      'title',
      'romeCode',
      'description',
      'contractType',
      'workingTime',
      'weeklyHours',
      'positions',
      'startDate',
      'expiresAt',
      'location',
      'adviserId',
    ];
    const values = [null, 42, 'x', [], {}, true, { inseeCode: null }, { inseeCode: 25056 }];
    for (const field of fields) {
      for (const value of values) {
        const res = await t.http
          .post('/api/v1/job-offers')
          .set(adviser.auth)
          .send({ ...offerBody(employerId), [field]: value });
        expect({ field, value, ok: [201, 400].includes(res.status) }).toEqual({
          field,
          value,
          ok: true,
        });
      }
    }
  });

  it('publishes a draft: sets publishedAt from the clock', async () => {
    const offer = await createOffer();
    const res = await transition(offer.id, 'published').expect(200);
    expect(res.body).toMatchObject({
      status: 'published',
      publishedAt: NOW.toISOString(),
      expiresAt: '2026-04-30T21:59:59.000Z',
      version: 2,
    });
  });

  it('gives an offer published without expiry a 60-day validity', async () => {
    const offer = await createOffer({ expiresAt: null });
    const res = await transition(offer.id, 'published').expect(200);
    expect(res.body.expiresAt).toBe(new Date(NOW.getTime() + 60 * DAY).toISOString());
  });

  it.each([['filled'], ['closed']])('moves a published offer to %s', async (to) => {
    const offer = await createOffer();
    await transition(offer.id, 'published').expect(200);
    const res = await transition(offer.id, to).expect(200);
    expect(res.body.status).toBe(to);
    const audit = await t.ds.query(
      `SELECT action, changes FROM audit_log WHERE entity_id = $1 ORDER BY at, action`,
      [offer.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'create',
      'transition:published',
      `transition:${to}`,
    ]);
  });

  it('lets a draft be dropped (closed) without publishing it', async () => {
    const offer = await createOffer();
    const res = await transition(offer.id, 'closed').expect(200);
    expect(res.body).toMatchObject({ status: 'closed', publishedAt: null });
  });

  it.each<[string, string[], string]>([
    ['draft → filled', [], 'filled'],
    ['filled → published', ['published', 'filled'], 'published'],
    ['closed → published', ['published', 'closed'], 'published'],
    ['filled → closed', ['published', 'filled'], 'closed'],
    ['published → published', ['published'], 'published'],
  ])('refuses %s with 409 TRANSITION_NOT_ALLOWED and changes nothing', async (_, path, to) => {
    const offer = await createOffer();
    for (const step of path) await transition(offer.id, step).expect(200);
    const before = await t.http.get(`/api/v1/job-offers/${offer.id}`).set(adviser.auth);
    const res = await transition(offer.id, to).expect(409);
    expect(res.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', reason: 'not_allowed' });
    const after = await t.http.get(`/api/v1/job-offers/${offer.id}`).set(adviser.auth);
    expect(after.body).toEqual(before.body);
  });

  it('refuses to leave expired, and refuses expired as a requested status', async () => {
    const expired = await aJobOffer(t.ds, employerId, {
      status: 'expired',
      published_at: new Date(NOW.getTime() - 90 * DAY),
      expires_at: new Date(NOW.getTime() - 30 * DAY),
    });
    const res = await transition(expired, 'published').expect(409);
    expect(res.body.code).toBe('TRANSITION_NOT_ALLOWED');
    const offer = await createOffer();
    await transition(offer.id, 'published').expect(200);
    const bad = await transition(offer.id, 'expired').expect(400);
    expect(bad.body.errors[0].field).toBe('to');
  });

  it('refuses to publish for an archived employer (read from the employer row)', async () => {
    const archived = await anEmployer(t.ds, { status: 'prospect' });
    const offer = (
      await t.http
        .post('/api/v1/job-offers')
        .set(adviser.auth)
        .send(offerBody(archived))
        .expect(201)
    ).body;
    await t.ds.query(`UPDATE employers SET status = 'archived' WHERE id = $1`, [archived]);
    const res = await transition(offer.id, 'published').expect(409);
    expect(res.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', reason: 'employer_archived' });
    const row = await t.ds.query('SELECT status, published_at FROM job_offers WHERE id = $1', [
      offer.id,
    ]);
    expect(row).toEqual([{ status: 'draft', published_at: null }]);
  });

  it('refuses to publish an offer whose expiry has passed', async () => {
    const offer = await createOffer({ expiresAt: '2026-03-11T00:00:00Z' });
    t.clock.set(new Date('2026-03-12T00:00:00Z'));
    try {
      const res = await transition(offer.id, 'published').expect(409);
      expect(res.body.reason).toBe('expiry_passed');
    } finally {
      t.clock.set(NOW);
    }
  });

  it('answers 404 for a missing offer and 400 for a malformed id', async () => {
    await transition('7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b', 'published').expect(404);
    await t.http.get('/api/v1/job-offers/nope').set(adviser.auth).expect(400);
  });

  it('updates with the current version and rejects a stale one with 409', async () => {
    const offer = await createOffer();
    const res = await t.http
      .patch(`/api/v1/job-offers/${offer.id}`)
      .set(manager.auth)
      .send({ version: 1, title: 'Commis de cuisine H/F', location: { inseeCode: '25388' } })
      .expect(200);
    expect(res.body).toMatchObject({
      title: 'Commis de cuisine H/F',
      location: { inseeCode: '25388', postalCode: '25200', city: 'Montbéliard' },
      epciCode: '200065647',
      version: 2,
    });
    const stale = await t.http
      .patch(`/api/v1/job-offers/${offer.id}`)
      .set(adviser.auth)
      .send({ version: 1, title: 'Autre' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    const audit = await t.ds.query(
      `SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update'`,
      [offer.id],
    );
    expect(audit[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'title', before: 'Commis de cuisine', after: 'Commis de cuisine H/F' },
      ]),
    );
  });

  it('answers every null or mistyped field of an update with 400 or 200, never a 500', async () => {
    const offer = await createOffer();
    const fields = [
      'title',
      'romeCode',
      'description',
      'contractType',
      'workingTime',
      'weeklyHours',
      'positions',
      'startDate',
      'expiresAt',
      'location',
      'adviserId',
    ];
    for (const field of fields) {
      for (const value of [null, 42, 'x', [], {}, true]) {
        const { version } = (
          await t.http.get(`/api/v1/job-offers/${offer.id}`).set(adviser.auth).expect(200)
        ).body;
        const res = await t.http
          .patch(`/api/v1/job-offers/${offer.id}`)
          .set(adviser.auth)
          .send({ version, [field]: value });
        // 200 or 400, paired with the field and value so a failure names them.
        expect({ field, value, ok: [200, 400].includes(res.status) }).toEqual({
          field,
          value,
          ok: true,
        });
      }
    }
    const res = await t.http
      .post(`/api/v1/job-offers/${offer.id}/transitions`)
      .set(adviser.auth)
      .send({ to: 'published', version: null })
      .expect(400);
    expect(res.body.errors[0].field).toBe('version');
  });

  it('requires a version to update, and keeps working time and hours consistent', async () => {
    const offer = await createOffer();
    const missing = await t.http
      .patch(`/api/v1/job-offers/${offer.id}`)
      .set(adviser.auth)
      .send({ title: 'X' })
      .expect(400);
    expect(missing.body.errors[0].field).toBe('version');
    const bad = await t.http
      .patch(`/api/v1/job-offers/${offer.id}`)
      .set(adviser.auth)
      .send({ version: 1, weeklyHours: null })
      .expect(400);
    expect(bad.body.errors).toEqual([
      { field: 'weeklyHours', message: 'is required for a part-time offer' },
    ]);
    const row = await t.ds.query('SELECT version, weekly_hours FROM job_offers WHERE id = $1', [
      offer.id,
    ]);
    expect(row).toEqual([{ version: 1, weekly_hours: 24 }]);
  });

  describe('list', () => {
    let other: string;
    let ids: { draft: string; published: string; montbeliard: string };

    beforeAll(async () => {
      other = await anEmployer(t.ds, { legal_name: 'Garage Central' });
      const draft = await aJobOffer(t.ds, other, {
        contract_type: 'apprenticeship',
        rome_code: 'I1604',
      });
      const published = await aPublishedOffer(t.ds, other, NOW, { contract_type: 'cdi' });
      const montbeliard = await aJobOffer(t.ds, other, {
        insee_code: '25388',
        postal_code: '25200',
        city: 'Montbéliard',
        epci_code: '200065647',
      });
      ids = { draft: draft, published: published, montbeliard: montbeliard };
    });

    const list = async (query: Record<string, string | number>) =>
      (await t.http.get('/api/v1/job-offers').query(query).set(adviser.auth).expect(200)).body;

    it('filters by employer, status, contract type, ROME code, commune and EPCI', async () => {
      const ofEmployer = await list({ employerId: other });
      expect(ofEmployer.items.map((o: { id: string }) => o.id).sort()).toEqual(
        Object.values(ids).sort(),
      );
      expect((await list({ employerId: other, status: 'published' })).items).toEqual([
        expect.objectContaining({ id: ids.published }),
      ]);
      expect((await list({ employerId: other, contractType: 'apprenticeship' })).items).toEqual([
        expect.objectContaining({ id: ids.draft }),
      ]);
      expect((await list({ employerId: other, romeCode: 'I1604' })).items).toHaveLength(1);
      expect((await list({ employerId: other, inseeCode: '25388' })).items).toEqual([
        expect.objectContaining({ id: ids.montbeliard }),
      ]);
      expect((await list({ employerId: other, epci: '242500361' })).items).toHaveLength(2);
    });

    it('pages with a keyset cursor, newest first, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await list(cursor ? { limit: 2, cursor } : { limit: 2 });
        seen.push(...page.items.map((o: { id: string }) => o.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 100);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(await count());
    });

    it('rejects a bad filter or cursor with 400', async () => {
      await t.http.get('/api/v1/job-offers?status=open').set(adviser.auth).expect(400);
      await t.http.get('/api/v1/job-offers?cursor=garbage').set(adviser.auth).expect(400);
      const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
      await t.http.get(`/api/v1/job-offers?cursor=${forged}`).set(adviser.auth).expect(400);
    });
  });

  it('gives the employer timeline its offers, newest collected first, page by page', async () => {
    const emp = await anEmployer(t.ds);
    const a = await aJobOffer(t.ds, emp, { title: 'A' });
    const b = await aJobOffer(t.ds, emp, { title: 'B', status: 'published', published_at: NOW });
    await aJobOffer(t.ds, employerId, { title: 'other employer' });
    await t.ds.query(`UPDATE job_offers SET created_at = $2 WHERE id = $1`, [
      a,
      new Date(NOW.getTime() - 2 * DAY),
    ]);
    await t.ds.query(`UPDATE job_offers SET created_at = $2 WHERE id = $1`, [
      b,
      new Date(NOW.getTime() - DAY),
    ]);
    // Through the employer timeline route, the one place that merges every kind of item.
    const first = await t.http
      .get(`/api/v1/employers/${emp}/timeline`)
      .query({ limit: 1 })
      .set(adviser.auth)
      .expect(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        kind: 'job_offer',
        id: b,
        at: new Date(NOW.getTime() - DAY).toISOString(),
        title: 'B',
        status: 'published',
      }),
    ]);
    const rest = await t.http
      .get(`/api/v1/employers/${emp}/timeline`)
      .query({ limit: 10, cursor: first.body.nextCursor })
      .set(adviser.auth)
      .expect(200);
    expect(rest.body.items.map((i: { title: string }) => i.title)).toEqual(['A']);
  });

  describe('expiry', () => {
    it('expires published offers past their expiry, once, and audits it', async () => {
      const emp = await anEmployer(t.ds);
      const overdue = await aPublishedOffer(t.ds, emp, NOW, {
        daysAgo: 61,
        expires_at: new Date(NOW.getTime() - 1000),
      });
      const due = await aPublishedOffer(t.ds, emp, NOW, { daysAgo: 60, expires_at: NOW });
      const live = await aPublishedOffer(t.ds, emp, NOW, {
        expires_at: new Date(NOW.getTime() + 1000),
      });
      const draftPast = await aJobOffer(t.ds, emp, { expires_at: new Date(NOW.getTime() - DAY) });
      const filledPast = await aJobOffer(t.ds, emp, {
        status: 'filled',
        published_at: new Date(NOW.getTime() - 10 * DAY),
        expires_at: new Date(NOW.getTime() - DAY),
      });
      const statusOf = async () =>
        Object.fromEntries(
          (
            await t.ds.query('SELECT id, status, version FROM job_offers WHERE employer_id = $1', [
              emp,
            ])
          ).map((r: { id: string; status: string; version: number }) => [
            r.id,
            `${r.status}@${r.version}`,
          ]),
        );

      const service = t.get(JobOffersService);
      // Other tests of this file leave no overdue published offer: exactly these two move.
      expect(await service.expireOverdue()).toBe(2);
      const first = await statusOf();
      expect(first).toEqual({
        [overdue]: 'expired@2',
        [due]: 'expired@2',
        [live]: 'published@1',
        [draftPast]: 'draft@1',
        [filledPast]: 'filled@1',
      });
      const audit = await t.ds.query(
        `SELECT entity_id, actor_id, action, changes FROM audit_log
          WHERE entity = 'job_offer' AND action = 'transition:expired' ORDER BY entity_id`,
      );
      expect(audit).toEqual(
        [overdue, due].sort().map((id) => ({
          entity_id: id,
          actor_id: null,
          action: 'transition:expired',
          changes: [{ field: 'status', before: 'published', after: 'expired' }],
        })),
      );

      // Running it again changes nothing more.
      expect(await service.expireOverdue()).toBe(0);
      expect(await statusOf()).toEqual(first);
      const auditAgain = await t.ds.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'transition:expired'`,
      );
      expect(auditAgain).toEqual([{ n: 2 }]);

      // A day later the remaining one expires too.
      t.clock.set(new Date(NOW.getTime() + DAY));
      try {
        expect(await service.expireOverdue()).toBe(1);
        expect((await statusOf())[live]).toBe('expired@2');
      } finally {
        t.clock.set(NOW);
      }
    });

    it('expires each offer once when two workers run it at the same time', async () => {
      const emp = await anEmployer(t.ds);
      const overdue = await Promise.all(
        Array.from({ length: 6 }, () =>
          aPublishedOffer(t.ds, emp, NOW, {
            daysAgo: 61,
            expires_at: new Date(NOW.getTime() - DAY),
          }),
        ),
      );
      const service = t.get(JobOffersService);
      const [a, b] = await Promise.all([service.expireOverdue(), service.expireOverdue()]);
      expect(a + b).toBe(overdue.length);
      const audit = await t.ds.query(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'transition:expired' AND entity_id = ANY($1)`,
        [overdue.map((o) => o)],
      );
      expect(audit).toEqual([{ n: overdue.length }]);
      const versions = await t.ds.query(
        `SELECT DISTINCT status, version FROM job_offers WHERE employer_id = $1`,
        [emp],
      );
      expect(versions).toEqual([{ status: 'expired', version: 2 }]);
    });
  });
});
