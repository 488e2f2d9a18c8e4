import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp, type SessionClient } from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aPlacement } from '../support/factories/placement.js';

// The forms of offers, young people, placements, follow-ups and events over HTTP: no CSRF token,
// bad input and unknown ids get French pages with the right status and change nothing.

describe('staff record forms over HTTP', () => {
  let t: TestApp;
  let s: SessionClient;
  let adviserId: string;
  const ids: Record<string, string> = {};
  const http = () => request(t.app.getHttpServer());
  const post = (path: string, form: Record<string, string>, csrf = true) =>
    http()
      .post(path)
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send(csrf ? { _csrf: s.csrf, ...form } : form);
  const get = (path: string) => http().get(path).set('Cookie', s.cookie);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.ds.query<{ n: string }[]>(sql, params))[0]!.n);

  beforeAll(async () => {
    t = await createTestApp();
    const adviser = await aStaffAccount(t, 'adviser');
    adviserId = adviser.id;
    s = await logInHttp(t, adviser);
    ids.employer = await anEmployer(t.ds, { legal_name: 'Garage du Stade' });
    ids.young = await aYoungPerson(t.ds, { first_name: 'Nora', last_name: 'Petit' });
    ids.placement = await aPlacement(t.ds, ids.employer, {
      young_person_id: ids.young,
      adviser_id: adviserId,
    });
  });
  afterAll(() => t.close());

  it('refuses a hire without the CSRF token with the French 403 page and writes nothing', async () => {
    const res = await post(
      `/placements/${ids.placement}/hire`,
      { contractType: 'cdi', startDate: '2026-09-01' },
      false,
    ).expect(403);
    expect(res.text).toContain('<html lang="fr">');
    const rows = await t.ds.query<{ status: string }[]>(
      'SELECT status FROM placements WHERE id = $1',
      [ids.placement],
    );
    expect(rows[0]!.status).toBe('proposed');
    expect(
      await count('SELECT count(*) AS n FROM follow_ups WHERE placement_id = $1', [ids.placement]),
    ).toBe(0);
  });

  it('checks a hire without writing it, then confirms it', async () => {
    const form = { contractType: 'cdi', startDate: '2026-09-01', weeklyHours: '35' };
    const preview = await post(`/placements/${ids.placement}/hire/preview`, form).expect(200);
    expect(preview.text).toContain('Ce qui sera enregistré');
    // A CDI: two months of trial period.
    expect(preview.text).toContain('samedi 31 octobre 2026');
    expect(preview.text).toContain('Confirmer l’embauche');
    expect(
      await count('SELECT count(*) AS n FROM follow_ups WHERE placement_id = $1', [ids.placement]),
    ).toBe(0);
    const done = await post(`/placements/${ids.placement}/hire`, form).expect(303);
    expect(done.headers.location).toBe(`/placements/${ids.placement}`);
    expect(
      await count('SELECT count(*) AS n FROM follow_ups WHERE placement_id = $1', [ids.placement]),
    ).toBeGreaterThan(0);
    // A second hire of the same placement is a conflict, said in French.
    const again = await post(`/placements/${ids.placement}/hire`, form).expect(409);
    expect(again.text).toContain('Ce changement d’état n’est pas possible.');
  });

  it('moves a placement to interview, refuses a move to hired outside the hire form', async () => {
    const other = await aPlacement(t.ds, ids.employer!, {
      young_person_id: ids.young!,
      adviser_id: adviserId,
    });
    const status = async () =>
      (
        await t.ds.query<{ status: string }[]>('SELECT status FROM placements WHERE id = $1', [
          other,
        ])
      )[0]!.status;
    await post(`/placements/${other}/status`, { status: 'interview', version: '1' }).expect(303);
    expect(await status()).toBe('interview');
    const res = await post(`/placements/${other}/status`, { status: 'hired' }).expect(409);
    expect(res.text).toContain('Ce changement d’état n’est pas possible.');
    const stale = await post(`/placements/${other}/status`, {
      status: 'declined',
      version: '1',
    }).expect(409);
    expect(stale.text).toContain('Quelqu’un d’autre a modifié');
    expect(await status()).toBe('interview');
  });

  it('sends a young person form back with French messages beside the fields and adds nobody', async () => {
    const before = await count('SELECT count(*) AS n FROM young_people');
    const res = await post('/young-people', {
      firstName: '',
      lastName: 'Petit',
      email: 'pas-une-adresse',
    }).expect(400);
    expect(res.text).toContain('Il y a un problème');
    expect(res.text).toContain('href="#f-firstName"');
    expect(res.text).toContain('href="#f-email"');
    expect(res.text).toContain('value="pas-une-adresse"');
    expect(await count('SELECT count(*) AS n FROM young_people')).toBe(before);
  });

  it('refuses a transition the offer does not allow, in French, and leaves the offer as it was', async () => {
    const created = await post('/job-offers', {
      employerId: ids.employer!,
      title: 'Mécanicien H/F',
      romeCode: 'I1604',
      description: 'Entretien et réparation de véhicules.',
      contractType: 'apprenticeship',
      workingTime: 'full_time',
      positions: '1',
      'location.inseeCode': '25056',
    }).expect(303);
    const offerId = /\/job-offers\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    const res = await post(`/job-offers/${offerId}/transitions`, {
      to: 'filled',
      version: '1',
    }).expect(409);
    expect(res.text).toContain('Ce changement d’état n’est pas possible.');
    const bogus = await post(`/job-offers/${offerId}/transitions`, { to: 'vendue' }).expect(400);
    expect(bogus.text).toContain('Il y a un problème');
    const rows = await t.ds.query<{ status: string }[]>(
      'SELECT status FROM job_offers WHERE id = $1',
      [offerId],
    );
    expect(rows[0]!.status).toBe('draft');
  });

  it('answers a malformed or an unknown id with the French 404 page', async () => {
    const bad = await get('/placements/pas-un-id').expect(404);
    expect(bad.text).toContain('<html lang="fr">');
    const missing = await get('/follow-ups/00000000-0000-4000-8000-000000000000/complete').expect(
      404,
    );
    expect(missing.text).toContain('<html lang="fr">');
  });

  it('never makes a calendar link on GET; the POST answer shows it once', async () => {
    const tokens = () =>
      count('SELECT count(*) AS n FROM calendar_tokens WHERE user_id = $1', [adviserId]);
    const page = await get('/me/calendar').expect(200);
    expect(page.text).toContain('Vous n’avez pas encore de lien');
    expect(await tokens()).toBe(0);
    const made = await post('/me/calendar', {}).expect(200);
    const url = /value="(http[^"]+\/calendar\/[A-Za-z0-9_-]{43}\.ics)"/.exec(made.text)?.[1];
    expect(url).toBeDefined();
    expect(await tokens()).toBe(1);
    const feed = await http().get(new URL(url!).pathname).expect(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    const later = await get('/me/calendar').expect(200);
    expect(later.text).not.toContain(url!);
    expect(later.text).toContain('Vous avez un lien privé créé le');
  });

  it('creates an event from a local date and time of Paris', async () => {
    const res = await post('/events', {
      title: 'Job dating mécanique',
      type: 'job_dating',
      startsAt: '2026-12-10T09:30',
      'place.label': 'Mission Locale, salle 2',
    }).expect(303);
    const id = /\/events\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!;
    const rows = await t.ds.query<{ starts_at: Date }[]>(
      'SELECT starts_at FROM events WHERE id = $1',
      [id],
    );
    expect(rows[0]!.starts_at.toISOString()).toBe('2026-12-10T08:30:00.000Z');
    const bad = await post('/events', {
      title: 'Sans date',
      type: 'job_dating',
      startsAt: 'demain',
    }).expect(400);
    expect(bad.text).toContain('href="#f-startsAt"');
  });

  it('lists past events the most recent first', async () => {
    const day = 86_400_000;
    const now = t.clock.now().getTime();
    for (const [title, ago] of [
      ['Forum ancien', 60],
      ['Forum récent', 3],
      ['Forum du mois', 20],
    ] as const)
      await t.ds.query(`INSERT INTO events (title, type, starts_at) VALUES ($1, 'forum', $2)`, [
        title,
        new Date(now - ago * day),
      ]);
    const list = await get('/events?passes=1').expect(200);
    const order = ['Forum récent', 'Forum du mois', 'Forum ancien'].map((x) =>
      list.text.indexOf(x),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
