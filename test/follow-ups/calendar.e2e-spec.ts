import { createHash } from 'node:crypto';
import ical from 'node-ical';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { hirePlacement } from '../support/placements-api.js';

type FollowUp = { id: string; stepKey: string; dueDate: string };

describe('calendar feed', () => {
  let t: TestApp;
  let adviser: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T09:00:00Z') });
    adviser = await t.staff('adviser', { displayName: 'Camille Roux' });
  });
  afterAll(() => t.close());

  async function feedUrl(who: Staff): Promise<string> {
    const res = await t.http.post('/api/v1/me/calendar-url').set(who.auth).expect(201);
    return res.body.url as string;
  }

  async function fetchFeed(url: string, status = 200) {
    const path = new URL(url).pathname;
    return t.http.get(path).expect(status);
  }

  it('serves the adviser follow-ups as a valid iCalendar feed, stable UIDs, cancelled ones CANCELLED', async () => {
    const employerId = await anEmployer(t.ds, { legal_name: 'Garage Lefèvre' });
    const p = await hirePlacement(
      t,
      adviser,
      { contractType: 'cdd', startDate: '2026-03-30', endDate: '2026-06-30' },
      { employerId },
    );
    const other = await t.staff('adviser');
    await hirePlacement(t, other, { contractType: 'cdi', startDate: '2026-03-02' });

    const url = await feedUrl(adviser);
    expect(url).toMatch(/^https:\/\/crm\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const first = await fetchFeed(url);
    expect(first.headers['content-type']).toMatch(/^text\/calendar/);
    const parsed = ical.sync.parseICS(first.text);
    const events = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect(events).toHaveLength(3);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const mid = p.body.followUps.find((f) => f.stepKey === 'mid_contract') as FollowUp;
    const uid = `follow-up-${mid.id}@crm.test`;
    const event = byUid.get(uid)!;
    expect(event.summary).toBe("Suivi dans l'emploi — Garage Lefèvre");
    expect(event.start.dateOnly).toBe(true);
    expect(ical.sync.parseICS(first.text).vcalendar).toMatchObject({
      'WR-TIMEZONE': 'Europe/Paris',
    });
    expect(first.text).toContain('DTSTART;VALUE=DATE:20260515');
    // RFC 5545: calendar properties before the components, CRLF after every line.
    expect(first.text.indexOf('X-WR-TIMEZONE')).toBeLessThan(first.text.indexOf('BEGIN:VEVENT'));
    expect(first.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(Number(event.sequence)).toBe(0);
    expect(first.text).not.toMatch(/Léa|Martin/);

    // Reschedule: same UID, SEQUENCE bumped. Rupture: the rest CANCELLED, a debrief appears.
    await t.http
      .patch(`/api/v1/follow-ups/${mid.id}`)
      .set(adviser.auth)
      .send({ dueDate: '2026-05-18' })
      .expect(200);
    const second = ical.sync.parseICS((await fetchFeed(url)).text);
    const moved = second[uid] as ical.VEvent;
    expect(Number(moved.sequence)).toBe(1);
    expect((await fetchFeed(url)).text).toContain('DTSTART;VALUE=DATE:20260518');

    await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-04-01', initiative: 'mutual', reason: 'Accord' })
      .expect(200);
    const third = ical.sync.parseICS((await fetchFeed(url)).text);
    const after = Object.values(third).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    expect((third[uid] as ical.VEvent).status).toBe('CANCELLED');
    expect(Number((third[uid] as ical.VEvent).sequence)).toBe(2);
    expect(after.filter((e) => e.status === 'CANCELLED')).toHaveLength(3);
    expect(after.filter((e) => e.status === 'CONFIRMED')).toHaveLength(1);
  });

  it('stores only a hash of the token, and a new URL revokes the old one', async () => {
    const me = await t.staff('adviser');
    const oldUrl = await feedUrl(me);
    await fetchFeed(oldUrl);
    const token = /calendar\/(.+)\.ics$/.exec(oldUrl)![1]!;
    const rows = await t.ds.query<{ token_hash: Buffer }[]>(
      'SELECT token_hash FROM calendar_tokens WHERE user_id = $1',
      [me.id],
    );
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    const newUrl = await feedUrl(me);
    expect(newUrl).not.toBe(oldUrl);
    await fetchFeed(oldUrl, 404);
    await fetchFeed(newUrl, 200);
    await t.http.get('/calendar/not-a-token.ics').expect(404);
    const audit = await t.ds.query(
      `SELECT action, changes FROM audit_log WHERE entity = 'calendar_token' AND entity_id = $1 ORDER BY at`,
      [me.id],
    );
    expect(audit).toEqual([
      { action: 'create', changes: [{ field: 'tokenHash' }] },
      { action: 'rotate', changes: [{ field: 'tokenHash' }] },
    ]);
  });

  it('needs a login for the URL, and stops serving a deactivated adviser', async () => {
    await t.http.get('/api/v1/me/calendar-url').expect(401);
    await t.http.post('/api/v1/me/calendar-url').expect(401);
    const leaving = await t.staff('adviser');
    const url = await feedUrl(leaving);
    await t.ds.query('UPDATE users SET active = false WHERE id = $1', [leaving.id]);
    await fetchFeed(url, 404);
  });
});
