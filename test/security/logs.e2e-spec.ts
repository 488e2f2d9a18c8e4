import type { ParsedMail } from 'mailparser';
import { UsersService } from '../../src/users/users.service.js';
import { eventually } from '../jobs/queue-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * No personal data or secret in the logs: a full flow through the real application (API and
 * in-process workers, debug level) with distinctive names, addresses, phone numbers, a password,
 * tokens; then the captured log output is searched for each of them.
 */
describe('logs carry no personal data and no secret', () => {
  const lines: string[] = [];
  let t: TestApp;

  const person = {
    firstName: 'Zéphyrine',
    lastName: 'Quetzalbrume',
    email: 'zephyrine.quetzalbrume@jeunes-unique.example',
    phone: '06 98 76 54 31',
  };
  const contact = {
    firstName: 'Anatolie',
    lastName: 'Vermillonnet',
    email: 'anatolie.vermillonnet@entreprise-unique.example',
    phone: '03 81 97 53 19',
  };
  const employerName = 'Chaudronnerie Orbicularis';
  const staff = {
    email: 'conseillere.pervenche@ml-unique.example',
    displayName: 'Pervenche Ostrogoth',
    password: 'Mot-de-passe-tres-secret-4217',
  };
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      role: 'all',
      env: { LOG_LEVEL: 'debug', JOB_SCHEDULES: 'false' },
      logStream: { write: (s: string) => void lines.push(s) },
    });
  });
  afterAll(() => t.close());

  it('runs a full flow, and the captured logs contain none of its personal data or tokens', async () => {
    // Login with a password (and a failed attempt with a wrong one).
    await t.get(UsersService).create(
      {
        email: staff.email,
        displayName: staff.displayName,
        role: 'manager',
        password: staff.password,
      },
      null,
    );
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: staff.email, password: `${staff.password}-faux` })
      .expect(401);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ email: staff.email, password: staff.password })
      .expect(200);
    const jwt = login.body.accessToken as string;
    secrets.push(jwt, jwt.split('.')[2]!);
    const auth = { Authorization: `Bearer ${jwt}` };
    const me = (await t.http.get('/api/v1/auth/me').set(auth).expect(200)).body as { id: string };

    // Employer, contact, interactions.
    const employer = await t.http
      .post('/api/v1/employers')
      .set(auth)
      .send({ legalName: employerName })
      .expect(201);
    const employerId = employer.body.id as string;
    await t.http
      .post(`/api/v1/employers/${employerId}/contacts`)
      .set(auth)
      .send({ ...contact, isPrimary: true, surveyRecipient: true })
      .expect(201);
    // Rejected input carrying personal data (an invalid address) must not be logged either.
    await t.http
      .post(`/api/v1/employers/${employerId}/contacts`)
      .set(auth)
      .send({ ...contact, email: `pas-une-adresse ${contact.lastName}` })
      .expect(400);
    await t.http
      .post(`/api/v1/employers/${employerId}/interactions`)
      .set(auth)
      .send({
        type: 'visit',
        direction: 'outbound',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
        subject: `Visite chez ${contact.firstName} ${contact.lastName}`,
        summary: `Rappeler ${contact.phone}`,
      })
      .expect(201);
    await t.http.get('/api/v1/employers').query({ q: employerName }).set(auth).expect(200);

    // A young person and a placement, hired (follow-ups generated).
    const young = await t.http
      .post('/api/v1/young-people')
      .set(auth)
      .send({ ...person, birthDate: '2006-02-11', referentId: me.id })
      .expect(201);
    await t.http
      .get('/api/v1/young-people')
      .query({ q: `${person.firstName} ${person.lastName}` })
      .set(auth)
      .expect(200);
    const placement = await t.http
      .post('/api/v1/placements')
      .set(auth)
      .send({ youngPersonId: young.body.id, employerId })
      .expect(201);
    const startDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await t.http
      .post(`/api/v1/placements/${placement.body.id}/hire`)
      .set(auth)
      .send({ contractType: 'cdi', startDate })
      .expect(200);

    // The private calendar feed.
    const calendarUrl = (await t.http.post('/api/v1/me/calendar-url').set(auth).expect(201)).body
      .url as string;
    const calendarPath = new URL(calendarUrl).pathname;
    secrets.push(/\/calendar\/([^/.]+)/.exec(calendarPath)![1]!);
    await t.http.get(calendarPath).expect(200);

    // A survey campaign: the invitation goes through the outbox and the in-process mail worker.
    const campaign = await t.http
      .post('/api/v1/survey-campaigns')
      .set(auth)
      .send({ year: new Date().getUTCFullYear() - 1 })
      .expect(201);
    await t.http.post(`/api/v1/survey-campaigns/${campaign.body.id}/launch`).set(auth).expect(200);
    const [mail] = await t.smtp.waitFor(1, 15_000);
    const html = (mail!.parsed as ParsedMail).html as string;
    const link = /href="(https:\/\/crm\.test\/s\/[A-Za-z0-9_-]{43})[^"]*"/.exec(html)![1]!;
    const surveyToken = link.split('/s/')[1]!;
    secrets.push(surveyToken);
    const surveyPath = new URL(link).pathname;
    const page = await t.http.get(`${surveyPath}?q1=4`).expect(200);
    const action = /<form method="post" action="([^"]+)"/.exec(page.text)![1]!;
    await t.http
      .post(action)
      .type('form')
      .send(`satisfaction=4&recommend=9&comment=${encodeURIComponent(person.lastName)}`)
      .expect(200);

    // Let the worker finish marking the mail and write its last log lines.
    await eventually(
      async () =>
        (
          (await t.ds.query(
            `SELECT count(*)::int AS n FROM outbound_emails WHERE status = 'sent'`,
          )) as {
            n: number;
          }[]
        )[0]!.n >= 1,
      10_000,
      'the invitation marked sent',
    );

    const log = lines.join('');
    // The capture works and holds request and application logs: the test can fail.
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"path":"/api/v1/young-people"');
    expect(log).toContain('"path":"/s/:token"');
    expect(log).toContain('"path":"/calendar/:token"');

    const forbidden = [
      person.firstName,
      person.lastName,
      person.email,
      person.phone,
      person.phone.replace(/ /g, ''),
      contact.firstName,
      contact.lastName,
      contact.email,
      contact.phone,
      contact.phone.replace(/ /g, ''),
      staff.email,
      staff.displayName,
      staff.password,
      employerName,
      ...secrets,
    ];
    const found = forbidden.filter(
      (s) => log.includes(s) || log.includes(JSON.stringify(s).slice(1, -1)),
    );
    expect(found).toEqual([]);
  });
});
