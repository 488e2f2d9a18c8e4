import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp, type SessionClient } from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aHiredPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';

const DAY_MS = 86_400_000;
const isoDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);

// Issue 15: Ma journée shows the first 20 items of each list (a busy adviser's whole agenda made
// an 87 KB page), says how many there are, and shows them all on /?voir=tout.
describe('Ma journée lists a bounded first page of each list', () => {
  let t: TestApp;
  let s: SessionClient;

  beforeAll(async () => {
    t = await createTestApp();
    const adviser = await aStaffAccount(t, 'adviser');
    const now = t.clock.now();
    const employer = await anEmployer(t.ds, { legal_name: 'Boulangerie Martin' });
    const young = await aYoungPerson(t.ds, { first_name: 'Léa', last_name: 'Moreau' });
    const placement = await aHiredPlacement(t.ds, employer, {
      young_person_id: young,
      adviser_id: adviser.id,
    });
    for (let i = 1; i <= 25; i++)
      await aFollowUp(t.ds, placement, { due_date: isoDate(new Date(now.getTime() - i * DAY_MS)) });
    for (let i = 1; i <= 23; i++)
      await anInteraction(t.ds, employer, adviser.id, {
        occurred_at: new Date(now.getTime() - 30 * DAY_MS),
        next_action_at: new Date(now.getTime() - i * 3_600_000),
        next_action: `Relance ${i}`,
      });
    s = await logInHttp(t, adviser);
  });
  afterAll(() => t.close());

  const day = async (path: string) =>
    (await request(t.app.getHttpServer()).get(path).set('Cookie', s.cookie).expect(200)).text;
  const count = (html: string, re: RegExp) => [...html.matchAll(re)].length;

  it('shows 20 of 25 overdue follow-ups and 20 of 23 due actions, with the totals and a link to all', async () => {
    const html = await day('/');
    expect(html).toContain('Suivis en retard (25)');
    expect(count(html, /Faire le suivi<span/g)).toBe(20);
    expect(html).toContain('Prochaines actions (23)');
    expect(count(html, /Relance \d+</g)).toBe(20);
    expect(html).toContain('href="/?voir=tout#suivis-en-retard"');
    expect(html).toContain('Voir les 25 suivis (20 affichés)');
    expect(html).toContain('Voir les 23 actions (20 affichés)');
  });

  it('shows every item on /?voir=tout, without the links', async () => {
    const html = await day('/?voir=tout');
    expect(count(html, /Faire le suivi<span/g)).toBe(25);
    expect(count(html, /Relance \d+</g)).toBe(23);
    expect(html).not.toContain('voir=tout');
  });

  it('treats any other value of voir as the bounded page', async () => {
    const html = await day('/?voir=nimporte');
    expect(count(html, /Faire le suivi<span/g)).toBe(20);
  });

  // The page's reads are bounded in SQL (one statement, names read for the shown rows only):
  // the totals still count every item, and the API still answers every item.
  it('bounds the lists of today and of the next 7 days too, while the API returns them all', async () => {
    const other = await aStaffAccount(t, 'adviser');
    const now = t.clock.now();
    const employer = await anEmployer(t.ds, { legal_name: 'Garage Petit' });
    const young = await aYoungPerson(t.ds, { first_name: 'Jules', last_name: 'Roux' });
    const placement = await aHiredPlacement(t.ds, employer, {
      young_person_id: young,
      adviser_id: other.id,
    });
    for (let i = 1; i <= 22; i++) await aFollowUp(t.ds, placement, { due_date: isoDate(now) });
    // Due in 3 days: in the API's next 7 days, not on the page.
    await aFollowUp(t.ds, placement, { due_date: isoDate(new Date(now.getTime() + 3 * DAY_MS)) });
    for (let i = 1; i <= 22; i++)
      await anInteraction(t.ds, employer, other.id, {
        occurred_at: new Date(now.getTime() - DAY_MS),
        next_action_at: new Date(now.getTime() + 2 * DAY_MS + i * 60_000),
        next_action: `Plus tard ${i}`,
      });
    const session = await logInHttp(t, other);
    const page = async (path: string) =>
      (await request(t.app.getHttpServer()).get(path).set('Cookie', session.cookie).expect(200))
        .text;

    const html = await page('/');
    expect(html).toContain('Suivis en retard (0)');
    expect(html).toContain('Suivis du jour (22)');
    expect(count(html, /Faire le suivi<span/g)).toBe(20);
    expect(html).toContain('Voir les 22 suivis (20 affichés)');
    expect(html).toContain('Prochaines actions (0)');
    expect(html).toContain('22 autres actions dans les 7 jours');
    expect(count(html, /Plus tard \d+</g)).toBe(20);
    expect(html).toContain('Voir les 22 actions des 7 jours (20 affichés)');

    const all = await page('/?voir=tout');
    expect(count(all, /Faire le suivi<span/g)).toBe(22);
    expect(count(all, /Plus tard \d+</g)).toBe(22);

    const login = await request(t.app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: other.email, password: other.password })
      .expect(200);
    const agenda = await request(t.app.getHttpServer())
      .get('/api/v1/me/agenda')
      .set('Authorization', `Bearer ${(login.body as { accessToken: string }).accessToken}`)
      .expect(200);
    const body = agenda.body as {
      overdue: unknown[];
      today: unknown[];
      next7Days: unknown[];
      nextActions: { nextAction: string }[];
    };
    expect([body.overdue.length, body.today.length, body.next7Days.length]).toEqual([0, 22, 1]);
    expect(body.nextActions.map((a) => a.nextAction)).toEqual(
      Array.from({ length: 22 }, (_, i) => `Plus tard ${i + 1}`),
    );
  });
});
