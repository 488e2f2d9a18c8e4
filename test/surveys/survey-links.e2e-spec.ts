import type { ParsedMail } from 'mailparser';
import { newSurveyToken } from '../../src/surveys/survey-tokens.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anActiveEmployer, deliverPendingMail } from '../support/surveys.js';

const LAUNCH = new Date('2027-01-11T08:00:00Z');
const DAY = 86_400_000;

function surveyPath(mail: ParsedMail): string {
  const m = /https:\/\/crm\.test(\/s\/[A-Za-z0-9_-]{43})"/.exec(String(mail.html));
  if (!m) throw new Error('no survey link in the mail');
  return m[1]!;
}

describe('survey links: unknown, lost, renewed, and the staff API edges', () => {
  let t: TestApp;
  let manager: Staff;
  let campaignId: string;
  let inviteMail: ParsedMail | undefined;
  let invited: { employerId: string; email: string; contactId: string };

  beforeAll(async () => {
    t = await createTestApp({ now: LAUNCH });
    manager = await t.staff('manager');
    invited = await anActiveEmployer(t.ds, LAUNCH, { legal_name: 'Garage Central' });
    await anActiveEmployer(t.ds, LAUNCH);
    const c = await t.http
      .post('/api/v1/survey-campaigns')
      .set(manager.auth)
      .send({ year: 2026, reminderDays: [10, 3], durationDays: 21 })
      .expect(201);
    campaignId = c.body.id;
    expect(c.body.reminderDays).toEqual([3, 10]);
  });
  afterAll(() => t.close());

  it('launched twice at the same time, invites each employer once', async () => {
    const [a, b] = await Promise.all([
      t.http.post(`/api/v1/survey-campaigns/${campaignId}/launch`).set(manager.auth),
      t.http.post(`/api/v1/survey-campaigns/${campaignId}/launch`).set(manager.auth),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(
      await t.ds.query(
        `SELECT count(*)::int AS invitations, count(DISTINCT employer_id)::int AS employers FROM survey_invitations`,
      ),
    ).toEqual([{ invitations: 2, employers: 2 }]);
    expect(
      await t.ds.query(
        `SELECT count(*)::int AS n FROM outbound_emails WHERE template = 'survey-invite'`,
      ),
    ).toEqual([{ n: 2 }]);
    expect(await deliverPendingMail(t)).toBe(2);
    await t.smtp.waitFor(2);
    inviteMail = t.smtp.to(invited.email)[0]!.parsed;
    const c = await t.http
      .get(`/api/v1/survey-campaigns/${campaignId}`)
      .set(manager.auth)
      .expect(200);
    expect(c.body.closesAt).toBe('2027-02-01T23:00:00.000Z');
  });

  it('answers a 404 page for an unknown or malformed token, and never a 500', async () => {
    for (const path of [
      `/s/${'A'.repeat(43)}`,
      '/s/short',
      `/s/${'%00'.repeat(5)}`,
      `/s/${'A'.repeat(43)}?q1=4`,
    ]) {
      const res = await t.http.get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Ce lien n’est pas valide');
    }
    await t.http
      .post(`/s/${'A'.repeat(43)}`)
      .type('form')
      .send({ satisfaction: '3' })
      .expect(404);
    await t.http.post(`/s/${'A'.repeat(43)}/unsubscribe`).expect(404);
    await t.http.post(`/s/${'A'.repeat(43)}/renew`).expect(404);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_responses')).toEqual([{ n: 0 }]);
  });

  it('ignores a q1 out of range and escapes everything it shows', async () => {
    const path = surveyPath(t.smtp.to(invited.email)[0]!.parsed);
    const res = await t.http.get(`${path}?q1=9`).expect(200);
    expect(res.text).not.toMatch(/<input[^>]*name="satisfaction"[^>]*checked/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/<script/i);
  });

  it('sends a fresh link for a lost one only to the invited address, answering the same either way', async () => {
    t.smtp.clear();
    const lostForm = await t.http.get('/s/lost').expect(200);
    expect(lostForm.text).toContain('<label for="email">');
    const known = await t.http
      .post('/s/lost')
      .type('form')
      .send({ email: invited.email.toUpperCase() })
      .expect(200);
    const unknown = await t.http
      .post('/s/lost')
      .type('form')
      .send({ email: 'personne@ailleurs.example' })
      .expect(200);
    const garbage = await t.http
      .post('/s/lost')
      .type('form')
      .send({ email: ['a', 'b'] })
      .expect(200);
    expect(unknown.text).toBe(known.text);
    expect(garbage.text).toBe(known.text);
    // Asking again the same day does not mail again.
    await t.http.post('/s/lost').type('form').send({ email: invited.email }).expect(200);
    expect(await deliverPendingMail(t)).toBe(1);
    await t.smtp.waitFor(1);
    expect(t.smtp.messages.map((m) => m.envelopeTo)).toEqual([[invited.email]]);
    const fresh = t.smtp.messages[0]!.parsed;
    expect(fresh.subject).toBe(
      'Votre lien pour l’enquête de satisfaction 2026 de la Mission Locale',
    );
    const page = await t.http.get(surveyPath(fresh)).expect(200);
    expect(page.text).toContain('Garage Central');
  });

  it('renews a link to the invited address from the token page', async () => {
    t.smtp.clear();
    t.clock.set(new Date(LAUNCH.getTime() + DAY));
    const path = surveyPath(inviteMail!);
    const res = await t.http.post(`${path}/renew`).expect(200);
    expect(res.text).toContain('Demande reçue');
    expect(res.text).not.toContain(invited.email);
    expect(await deliverPendingMail(t)).toBe(1);
    await t.smtp.waitFor(1);
    expect(t.smtp.messages[0]!.envelopeTo).toEqual([invited.email]);
  });

  it('turns last year’s link into a fresh link for this year’s campaign, sent to the invited address', async () => {
    const old = newSurveyToken();
    const [closed] = (await t.ds.query(
      `INSERT INTO survey_campaigns (year, status, launched_at, closes_at, closed_at)
       VALUES (2025, 'closed', $1, $2, $2) RETURNING id`,
      [new Date('2026-01-12T08:00:00Z'), new Date('2026-02-11T08:00:00Z')],
    )) as { id: string }[];
    const [inv] = (await t.ds.query(
      `INSERT INTO survey_invitations (campaign_id, employer_id, contact_person_id, email, token_hash)
       VALUES ($1, $2, $3, 'ancienne-adresse@employeur.example', $4) RETURNING id`,
      [closed!.id, invited.employerId, invited.contactId, old.hash],
    )) as { id: string }[];
    await t.ds.query(
      `INSERT INTO survey_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'invite')`,
      [old.hash, inv!.id],
    );
    const page = await t.http.get(`/s/${old.token}?q1=5`).expect(410);
    expect(page.text).toContain('Cette enquête est terminée');
    expect(page.text).toContain(`action="/s/${old.token}/renew"`);

    t.smtp.clear();
    t.clock.set(new Date(LAUNCH.getTime() + 2 * DAY));
    await t.http.post(`/s/${old.token}/renew`).expect(200);
    expect(await deliverPendingMail(t)).toBe(1);
    await t.smtp.waitFor(1);
    // This year's invited address, not last year's.
    expect(t.smtp.messages[0]!.envelopeTo).toEqual([invited.email]);
    const fresh = await t.http.get(surveyPath(t.smtp.messages[0]!.parsed)).expect(200);
    expect(fresh.text).toContain('Enquête de satisfaction 2026');
  });

  it('rejects bad staff input with problem+json and writes nothing', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM survey_campaigns');
    for (const body of [
      {},
      { year: 1999 },
      { year: '2025' },
      { year: 2025, reminderDays: [0] },
      { year: 2025, reminderDays: 'x' },
      { year: 2025, durationDays: 0 },
      { year: 2025, status: 'running' },
    ]) {
      const res = await t.http
        .post('/api/v1/survey-campaigns')
        .set(manager.auth)
        .send(body)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_campaigns')).toEqual(before);
    await t.http.get('/api/v1/survey-campaigns/not-a-uuid').set(manager.auth).expect(400);
    const missing = '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b';
    await t.http.get(`/api/v1/survey-campaigns/${missing}`).set(manager.auth).expect(404);
    await t.http.post(`/api/v1/survey-campaigns/${missing}/launch`).set(manager.auth).expect(404);
    await t.http.get(`/api/v1/survey-campaigns/${missing}/results`).set(manager.auth).expect(404);
    await t.http
      .get(`/api/v1/survey-campaigns/${campaignId}/results`)
      .query({ format: 'xml' })
      .set(manager.auth)
      .expect(400);
    const draft = await t.http
      .post('/api/v1/survey-campaigns')
      .set(manager.auth)
      .send({ year: 2024 })
      .expect(201);
    const close = await t.http
      .post(`/api/v1/survey-campaigns/${draft.body.id}/close`)
      .set(manager.auth)
      .expect(409);
    expect(close.body.code).toBe('TRANSITION_NOT_ALLOWED');
    const list = await t.http
      .get('/api/v1/survey-campaigns')
      .query({ limit: 2 })
      .set(manager.auth)
      .expect(200);
    expect(list.body.items.map((c: { year: number }) => c.year)).toEqual([2026, 2025]);
    const next = await t.http
      .get('/api/v1/survey-campaigns')
      .query({ limit: 2, cursor: list.body.nextCursor })
      .set(manager.auth)
      .expect(200);
    expect(next.body).toMatchObject({ items: [{ year: 2024 }], nextCursor: null });
  });

  it('documents the survey API in the OpenAPI description, not the HTML survey pages', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/survey-campaigns', '/api/v1/survey-campaigns/{id}/results']),
    );
    expect(paths.filter((p) => p.startsWith('/s/'))).toEqual([]);
  });

  it('audits campaign changes', async () => {
    const audit = await t.ds.query(
      `SELECT action, actor_id FROM audit_log WHERE entity = 'survey_campaign' AND entity_id = $1 ORDER BY at`,
      [campaignId],
    );
    expect(audit).toEqual([
      { action: 'create', actor_id: manager.id },
      { action: 'launch', actor_id: manager.id },
    ]);
  });
});

describe('survey pages rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('limits public survey requests per client', async () => {
    for (let i = 0; i < 3; i++) await t.http.get('/s/lost').expect(200);
    await t.http.get('/s/lost').expect(429);
  });
});
