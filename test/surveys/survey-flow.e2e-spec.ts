import { parse } from 'csv-parse/sync';
import type { ParsedMail } from 'mailparser';
import { SurveysService } from '../../src/surveys/surveys.service.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aPlacement } from '../support/factories/placement.js';
import { aUser } from '../support/factories/user.js';
import { anActiveEmployer, deliverPendingMail } from '../support/surveys.js';

// Second Monday of January 2027, 09:00 in Paris: the yearly launch of the 2026 campaign.
const LAUNCH = new Date('2027-01-11T08:00:00Z');
const DAY = 86_400_000;

function linkTo(mail: ParsedMail, pattern: RegExp): string {
  const html = typeof mail.html === 'string' ? mail.html : '';
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const hit = hrefs.find((h) => pattern.test(h));
  if (!hit) throw new Error(`no link matching ${pattern} in the mail`);
  return hit;
}

/** A header as sent (mailparser folds the List-* headers into one structured `list` entry). */
function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key)?.line;
  return line?.replace(/^[^:]+:\s*/, '').replace(/\s+/g, ' ');
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

// Three of the employers (a, b and bounce) share an EPCI: the results group them.
const GRAND_BESANCON = { epci_code: '242500011', epci_name: 'Grand Besançon Métropole' };

describe('annual survey: from launch to answer, through the real SMTP sink', () => {
  let t: TestApp;
  let manager: Staff;
  let campaignId: string;
  const emp: Record<string, { employerId: string; email: string; contactId: string }> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: LAUNCH });
    manager = await t.staff('manager');
    const ds = t.ds;
    emp.a = await anActiveEmployer(ds, LAUNCH, {
      legal_name: 'Boulangerie <Dupont> & Fils',
      naf_code: '10.71C',
      ...GRAND_BESANCON,
    });
    emp.b = await anActiveEmployer(ds, LAUNCH, { naf_code: '56.10A', ...GRAND_BESANCON });
    emp.c = await anActiveEmployer(ds, LAUNCH, {
      naf_code: '47.11F',
      epci_code: '200041887',
      epci_name: 'CC du Pays de Montbenoît',
    });
    emp.bounce = await anActiveEmployer(ds, LAUNCH, {
      email: 'inconnu@bounce.example',
      ...GRAND_BESANCON,
    });
  });
  afterAll(() => t.close());

  it('creates a draft campaign (manager only)', async () => {
    const adviser = await t.staff('adviser');
    await t.http
      .post('/api/v1/survey-campaigns')
      .set(adviser.auth)
      .send({ year: 2026 })
      .expect(403);
    const res = await t.http
      .post('/api/v1/survey-campaigns')
      .set(manager.auth)
      .send({ year: 2026 })
      .expect(201);
    expect(res.body).toMatchObject({
      year: 2026,
      status: 'draft',
      launchedAt: null,
      reminderDays: [7, 14],
      durationDays: 30,
      counts: { invited: 0, delivered: 0, reminded: 0, answered: 0, optedOut: 0, bounced: 0 },
    });
    campaignId = res.body.id;
    const dup = await t.http
      .post('/api/v1/survey-campaigns')
      .set(manager.auth)
      .send({ year: 2026 })
      .expect(409);
    expect(dup.body.code).toBe('CAMPAIGN_EXISTS');
  });

  it('launches: one invitation and one outbox mail per audience employer, no clear token kept', async () => {
    const res = await t.http
      .post(`/api/v1/survey-campaigns/${campaignId}/launch`)
      .set(manager.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'running',
      launchedAt: LAUNCH.toISOString(),
      // The whole of 10 February, Paris time.
      closesAt: '2027-02-10T23:00:00.000Z',
      counts: { invited: 4, delivered: 0 },
    });
    const outbox = (await t.ds.query(
      `SELECT template, status, subject_id, params FROM outbound_emails ORDER BY recipient`,
    )) as { template: string; status: string; params: { purgeOnSend: boolean } }[];
    expect(outbox).toHaveLength(4);
    expect(outbox.every((o) => o.template === 'survey-invite' && o.params.purgeOnSend)).toBe(true);

    t.smtp.respond((rcpt) =>
      rcpt === emp.bounce!.email ? { code: 550, message: 'No such user' } : null,
    );
    expect(await deliverPendingMail(t)).toBe(4);
    await t.smtp.waitFor(3);
    // Sent bodies (which carry the link) are purged: the token survives only in the mailbox.
    const left = await t.ds.query(
      `SELECT count(*)::int AS n FROM outbound_emails WHERE status = 'sent' AND (params IS NOT NULL OR purged_at IS NULL)`,
    );
    expect(left).toEqual([{ n: 0 }]);
    const mail = t.smtp.to(emp.a!.email)[0]!.parsed;
    const token = /\/s\/([A-Za-z0-9_-]{43})/.exec(linkTo(mail, /\/s\//))![1]!;
    const dump = JSON.stringify(
      await t.ds.query(
        `SELECT (SELECT json_agg(o) FROM outbound_emails o) AS o, (SELECT json_agg(i) FROM survey_invitations i) AS i,
                (SELECT json_agg(s) FROM survey_tokens s) AS s`,
      ),
    );
    expect(dump).not.toContain(token);

    const get = await t.http.get(`/api/v1/survey-campaigns/${campaignId}`).set(manager.auth);
    expect(get.body.counts).toEqual({
      invited: 4,
      delivered: 3,
      reminded: 0,
      answered: 0,
      optedOut: 0,
      bounced: 1,
    });
  });

  it('sends a short French mail with five one-click buttons and one-click unsubscribe headers', () => {
    const { parsed } = t.smtp.to(emp.a!.email)[0]!;
    expect(parsed.subject).toBe('Votre avis sur la Mission Locale en 2026 (2 minutes)');
    expect(parsed.html).toContain('Boulangerie &lt;Dupont&gt; &amp; Fils');
    for (const n of [1, 2, 3, 4, 5]) expect(linkTo(parsed, new RegExp(`\\?q1=${n}$`))).toBeTruthy();
    const unsubscribe = linkTo(parsed, /\/unsubscribe$/);
    expect(rawHeader(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const header = rawHeader(parsed, 'list-unsubscribe') ?? '';
    expect(header).toContain(`<${unsubscribe}>`);
    expect(header).toMatch(/<mailto:ne-pas-repondre@mission-locale\.example\?subject=unsubscribe>/);
    expect(parsed.text).toContain('?q1=4');
  });

  it('follows the "4" button: GET shows 4 preselected and stores nothing; POST records; results show it', async () => {
    const mail = t.smtp.to(emp.a!.email)[0]!.parsed;
    const four = pathOf(linkTo(mail, /\?q1=4$/));
    const page = await t.http.get(four).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/<input[^>]*id="satisfaction-4"[^>]*checked/);
    expect(page.text).not.toMatch(/<input[^>]*id="satisfaction-3"[^>]*checked/);
    expect(page.text).toContain('lang="fr"');
    expect(page.text).not.toContain(emp.a!.email);
    // A second GET (a link scanner) still stores nothing.
    await t.http.get(four).expect(200);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_responses')).toEqual([{ n: 0 }]);
    expect(
      await t.ds.query(
        'SELECT count(*)::int AS n FROM survey_invitations WHERE answered_at IS NOT NULL',
      ),
    ).toEqual([{ n: 0 }]);

    const action = /<form method="post" action="([^"]+)"/.exec(page.text)![1]!;
    const thanks = await t.http
      .post(action)
      .type('form')
      .send(
        'satisfaction=4&recommend=9&recruitment_needs=1-2&recruitment_trades=Boulanger&services=job_dating&services=immersion&comment=%3Cb%3Etr%C3%A8s%20bien%3C%2Fb%3E&callback=yes',
      )
      .expect(200);
    expect(thanks.text).toContain('Merci pour votre réponse');
    const answers = await t.ds.query(
      `SELECT a.question_key, a.value FROM survey_answers a ORDER BY a.question_key`,
    );
    expect(answers).toEqual([
      { question_key: 'callback', value: true },
      { question_key: 'comment', value: '<b>très bien</b>' },
      { question_key: 'recommend', value: 9 },
      { question_key: 'recruitment_needs', value: '1-2' },
      { question_key: 'recruitment_trades', value: 'Boulanger' },
      { question_key: 'satisfaction', value: 4 },
      { question_key: 'services', value: ['job_dating', 'immersion'] },
    ]);

    const res = await t.http
      .get(`/api/v1/survey-campaigns/${campaignId}/results`)
      .set(manager.auth)
      .expect(200);
    expect(res.body.overall).toMatchObject({
      invited: 4,
      answered: 1,
      responseRate: 0.25,
      satisfaction: { count: 1, mean: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
      nps: { count: 1, promoters: 1, detractors: 0, score: 100 },
      recruitmentNeeds: { none: 0, '1-2': 1, '3-5': 0, '6+': 0 },
      services: { job_dating: 1, immersion: 1, offer_writing: 0 },
      callbackRequested: 1,
    });
    const sectionC = res.body.bySector.find((g: { key: string }) => g.key === 'C');
    expect(sectionC).toMatchObject({ label: 'Industrie manufacturière', invited: 1, answered: 1 });
    const montbenoit = res.body.byEpci.find((g: { key: string }) => g.key === '200041887');
    expect(montbenoit).toMatchObject({
      label: 'CC du Pays de Montbenoît',
      invited: 1,
      answered: 0,
    });
    const besancon = res.body.byEpci.find((g: { key: string }) => g.key === '242500011');
    expect(besancon).toMatchObject({ invited: 3, answered: 1, satisfaction: { mean: 4 } });
  });

  it('shows the stored answers again and lets the employer change them until closing', async () => {
    const mail = t.smtp.to(emp.a!.email)[0]!.parsed;
    const link = pathOf(linkTo(mail, /\/s\/[A-Za-z0-9_-]{43}$/));
    const page = await t.http.get(link).expect(200);
    expect(page.text).toContain('Vous avez déjà répondu');
    expect(page.text).toMatch(/<input[^>]*id="recommend-9"[^>]*checked/);
    expect(page.text).toContain('&lt;b&gt;très bien&lt;/b&gt;');
    await t.http.post(link).type('form').send({ satisfaction: '5', recommend: '3' }).expect(200);
    const rows = await t.ds.query(
      `SELECT a.question_key, a.value FROM survey_answers a ORDER BY a.question_key`,
    );
    expect(rows).toEqual([
      { question_key: 'recommend', value: 3 },
      { question_key: 'satisfaction', value: 5 },
    ]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_responses')).toEqual([{ n: 1 }]);
  });

  it('re-shows the form with errors tied to their fields and stores nothing when invalid', async () => {
    const mail = t.smtp.to(emp.b!.email)[0]!.parsed;
    const link = pathOf(linkTo(mail, /\/s\/[A-Za-z0-9_-]{43}$/));
    const res = await t.http
      .post(link)
      .type('form')
      .send({ recommend: '11', comment: 'ok' })
      .expect(400);
    expect(res.text).toContain('id="satisfaction-error"');
    expect(res.text).toMatch(
      /id="satisfaction-1"[^>]*aria-describedby="satisfaction-hint satisfaction-error"/,
    );
    expect(res.text).toMatch(
      /id="recommend-0"[^>]*aria-describedby="recommend-hint recommend-error"/,
    );
    expect(res.text).toContain('>ok</textarea');
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_responses')).toEqual([{ n: 1 }]);
  });

  it('launching again sends nothing new', async () => {
    const before = t.smtp.messages.length;
    await t.http
      .post(`/api/v1/survey-campaigns/${campaignId}/launch`)
      .set(manager.auth)
      .expect(200);
    await t.get(SurveysService).fanOut(campaignId);
    expect(await deliverPendingMail(t)).toBe(0);
    expect(t.smtp.messages.length).toBe(before);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM survey_invitations`)).toEqual([
      { n: 4 },
    ]);
  });

  it('honours one-click unsubscribe (RFC 8058) on the contact and in later mailings', async () => {
    const mail = t.smtp.to(emp.c!.email)[0]!.parsed;
    const unsubscribe = pathOf(linkTo(mail, /\/unsubscribe$/));
    // GET only asks for confirmation.
    const confirm = await t.http.get(unsubscribe).expect(200);
    expect(confirm.text).toContain('Confirmer la désinscription');
    expect(
      await t.ds.query('SELECT opted_out_at FROM contact_persons WHERE id = $1', [
        emp.c!.contactId,
      ]),
    ).toEqual([{ opted_out_at: null }]);
    await t.http.post(unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const [row] = await t.ds.query('SELECT opted_out_at FROM contact_persons WHERE id = $1', [
      emp.c!.contactId,
    ]);
    expect(row.opted_out_at).toEqual(LAUNCH);
    expect(
      await t.ds.query(
        `SELECT action, actor_id FROM audit_log WHERE entity = 'contact_person' AND entity_id = $1`,
        [emp.c!.contactId],
      ),
    ).toEqual([{ action: 'opt_out', actor_id: null }]);
    // A second click changes nothing more.
    await t.http.post(unsubscribe).expect(200);
    const [again] = await t.ds.query(
      'SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1',
      [emp.c!.contactId],
    );
    expect(again.n).toBe(1);
    const get = await t.http.get(`/api/v1/survey-campaigns/${campaignId}`).set(manager.auth);
    expect(get.body.counts.optedOut).toBe(1);
  });

  it('reminds only non-respondents who did not opt out, once per reminder day', async () => {
    const svc = t.get(SurveysService);
    t.clock.set(new Date(LAUNCH.getTime() + 6 * DAY));
    expect(await svc.sendDueReminders(campaignId)).toBe(0);
    t.clock.set(new Date(LAUNCH.getTime() + 7 * DAY + 3600_000));
    t.smtp.clear();
    // a (answered), c (opted out) and bounce (never delivered) get nothing.
    expect(await svc.sendDueReminders(campaignId)).toBe(1);
    expect(await svc.sendDueReminders(campaignId)).toBe(0);
    await deliverPendingMail(t);
    await t.smtp.waitFor(1);
    expect(t.smtp.messages.map((m) => m.envelopeTo)).toEqual([[emp.b!.email]]);
    const reminder = t.smtp.messages[0]!.parsed;
    expect(reminder.subject).toBe('Rappel : votre avis sur la Mission Locale en 2026');
    expect(rawHeader(reminder, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The reminder's own link opens the survey.
    await t.http.get(pathOf(linkTo(reminder, /\?q1=2$/))).expect(200);

    t.clock.set(new Date(LAUNCH.getTime() + 14 * DAY + 3600_000));
    expect(await svc.sendDueReminders(campaignId)).toBe(1);
    expect(await svc.sendDueReminders(campaignId)).toBe(0);
    await deliverPendingMail(t);
    const get = await t.http.get(`/api/v1/survey-campaigns/${campaignId}`).set(manager.auth);
    expect(get.body.counts).toMatchObject({ reminded: 1, answered: 1, optedOut: 1 });
  });

  it('closes: the survey page answers 410 and says so, nothing more is stored', async () => {
    const link = pathOf(linkTo(t.smtp.messages[0]!.parsed, /\/s\/[A-Za-z0-9_-]{43}$/));
    // A fresh link asked for just before closing, not sent yet.
    await t.http.post('/s/lost').type('form').send({ email: emp.b!.email }).expect(200);
    expect(
      await t.ds.query(`SELECT count(*)::int AS n FROM outbound_emails WHERE status = 'pending'`),
    ).toEqual([{ n: 1 }]);
    await t.http.post(`/api/v1/survey-campaigns/${campaignId}/close`).set(manager.auth).expect(200);
    // Closing drops it, with the clear token its body held.
    expect(
      await t.ds.query(
        `SELECT status, params, last_error FROM outbound_emails WHERE template = 'survey-renew'`,
      ),
    ).toEqual([
      { status: 'suppressed', params: null, last_error: 'campaign closed before sending' },
    ]);
    expect(await deliverPendingMail(t)).toBe(0);
    const page = await t.http.get(link).expect(410);
    expect(page.text).toContain('Cette enquête est terminée');
    await t.http.post(link).type('form').send({ satisfaction: '2' }).expect(410);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM survey_responses')).toEqual([{ n: 1 }]);
    expect(await t.get(SurveysService).sendDueReminders(campaignId)).toBe(0);
    const again = await t.http
      .post(`/api/v1/survey-campaigns/${campaignId}/launch`)
      .set(manager.auth)
      .expect(409);
    expect(again.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('exports the raw answers as CSV with French headers, ";" and a BOM', async () => {
    const res = await t.http
      .get(`/api/v1/survey-campaigns/${campaignId}/results`)
      .query({ format: 'csv' })
      .set(manager.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Année;SIRET;Raison sociale;Enseigne;Code NAF;Secteur (section NAF);EPCI;Date de réponse;Satisfaction (1 à 5);Recommandation (0 à 10);Recrutements prévus (12 mois);Métiers;Services souhaités;Commentaire;Souhaite être rappelé',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^2026;;Boulangerie <Dupont> & Fils;;10\.71C;Industrie manufacturière;Grand Besançon Métropole;2027-01-11 09:00;5;3;;;;;$/,
    );
  });

  it('keeps a multi-line comment in one CSV record and neutralises a formula in it', async () => {
    // Free text as an employer may type it (written straight in: the campaign is closed).
    await t.ds.query(
      `INSERT INTO survey_answers (response_id, question_key, value)
       SELECT id, 'comment', to_jsonb($1::text) FROM survey_responses
       ON CONFLICT (response_id, question_key) DO UPDATE SET value = EXCLUDED.value`,
      ['=SOMME(A1)\nseconde ligne, avec virgule'],
    );
    const res = await t.http
      .get(`/api/v1/survey-campaigns/${campaignId}/results`)
      .query({ format: 'csv' })
      .set(manager.auth)
      .expect(200);
    // Quoted: a spreadsheet (or Python's csv) splits an unquoted line break into two rows.
    expect(res.text).toContain(`;"'=SOMME(A1)\nseconde ligne, avec virgule";`);
    const records = parse(res.text, { bom: true, delimiter: ';' }) as string[][];
    expect(records).toHaveLength(2);
    const comment = records[0]!.indexOf('Commentaire');
    expect(records[1]![comment]).toBe(`'=SOMME(A1)\nseconde ligne, avec virgule`);
    expect(records[1]).toHaveLength(records[0]!.length);
  });
});

describe('survey audience', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: LAUNCH });
  });
  afterAll(() => t.close());

  it('invites exactly the employers docs/product.md names, each once, to the right contact', async () => {
    const ds = t.ds;
    const recent = new Date(LAUNCH.getTime() - 100 * DAY);
    const author = await aUser(ds);
    const old = new Date(LAUNCH.getTime() - 400 * DAY);
    // Invited: interaction, offer, placement in the last 12 months.
    const viaInteraction = await anActiveEmployer(ds, LAUNCH);
    const viaOffer = await anEmployer(ds);
    await aContact(ds, viaOffer, { email: 'offre@employeur.example' });
    await aJobOffer(ds, viaOffer, { created_at: recent });
    const viaPlacement = await anEmployer(ds);
    await aContact(ds, viaPlacement, { email: 'placement@employeur.example' });
    await aPlacement(ds, viaPlacement, { created_at: recent });
    // Survey recipient preferred over the primary contact.
    const withRecipient = await anEmployer(ds);
    await aContact(ds, withRecipient, { email: 'primaire@employeur.example', is_primary: true });
    await aContact(ds, withRecipient, {
      email: 'enquete@employeur.example',
      is_primary: false,
      survey_recipient: true,
    });
    await anInteraction(ds, withRecipient, author, { occurred_at: recent });
    // A survey recipient who opted out does not silence the primary contact.
    const recipientOptedOut = await anEmployer(ds);
    await aContact(ds, recipientOptedOut, {
      email: 'directeur@employeur.example',
      is_primary: true,
    });
    await aContact(ds, recipientOptedOut, {
      email: 'parti@employeur.example',
      is_primary: false,
      survey_recipient: true,
      opted_out_at: recent,
    });
    await anInteraction(ds, recipientOptedOut, author, { occurred_at: recent });
    // Not invited.
    const archived = await anActiveEmployer(ds, LAUNCH, { status: 'archived' });
    const stale = await anEmployer(ds);
    await aContact(ds, stale);
    await anInteraction(ds, stale, author, { occurred_at: old });
    const future = await anEmployer(ds);
    await aContact(ds, future);
    await anInteraction(ds, future, author, { occurred_at: new Date(LAUNCH.getTime() + DAY) });
    const optedOut = await anEmployer(ds);
    await aContact(ds, optedOut, { opted_out_at: recent });
    await anInteraction(ds, optedOut, author, { occurred_at: recent });
    const erased = await anEmployer(ds);
    await aContact(ds, erased, { erased_at: recent });
    await anInteraction(ds, erased, author, { occurred_at: recent });
    const noEmail = await anEmployer(ds);
    await aContact(ds, noEmail, { email: null });
    await anInteraction(ds, noEmail, author, { occurred_at: recent });
    const onlyOther = await anEmployer(ds);
    await aContact(ds, onlyOther, { is_primary: false });
    await anInteraction(ds, onlyOther, author, { occurred_at: recent });
    const suppressed = await anEmployer(ds);
    await aContact(ds, suppressed, { email: 'Bounced@Employeur.example' });
    await anInteraction(ds, suppressed, author, { occurred_at: recent });
    await ds.query(
      `INSERT INTO suppressed_addresses (email, reason) VALUES ('bounced@employeur.example', 'hard bounce')`,
    );
    void archived;

    const svc = t.get(SurveysService);
    const c = await svc.create({ year: 2026 }, null);
    await svc.launch(c.id, null);
    const rows = (await ds.query(
      `SELECT employer_id, email FROM survey_invitations WHERE campaign_id = $1 ORDER BY email`,
      [c.id],
    )) as { employer_id: string; email: string }[];
    expect(rows.map((r) => r.employer_id).sort()).toEqual(
      [viaInteraction.employerId, viaOffer, viaPlacement, withRecipient, recipientOptedOut].sort(),
    );
    expect(rows.find((r) => r.employer_id === withRecipient)?.email).toBe(
      'enquete@employeur.example',
    );
    expect(rows.find((r) => r.employer_id === recipientOptedOut)?.email).toBe(
      'directeur@employeur.example',
    );
    const outbox = await ds.query(
      `SELECT count(*)::int AS n FROM outbound_emails WHERE template = 'survey-invite'`,
    );
    expect(outbox).toEqual([{ n: 5 }]);
  });

  it('completes a fan-out interrupted half-way without mailing anyone twice', async () => {
    const svc = t.get(SurveysService);
    const [c] = (await t.ds.query(`SELECT id FROM survey_campaigns WHERE year = 2026`)) as {
      id: string;
    }[];
    const before = (await t.ds.query(
      `SELECT id, subject_id FROM outbound_emails WHERE template = 'survey-invite' ORDER BY id`,
    )) as { id: string; subject_id: string }[];
    // As if the process died before the last batch committed: that invitation and its mail are gone.
    const lost = before[0]!;
    await t.ds.query(`DELETE FROM outbound_emails WHERE id = $1`, [lost.id]);
    await t.ds.query(`DELETE FROM survey_invitations WHERE id = $1`, [lost.subject_id]);
    // The daily survey job resumes the launch.
    await svc.runDueReminders();
    const after = (await t.ds.query(
      `SELECT id FROM outbound_emails WHERE template = 'survey-invite' ORDER BY id`,
    )) as { id: string }[];
    expect(after).toHaveLength(5);
    const kept = before.slice(1).map((r) => r.id);
    expect(after.filter((r) => kept.includes(r.id))).toHaveLength(4);
    expect(
      await t.ds.query(
        `SELECT count(*)::int AS n, count(DISTINCT employer_id)::int AS employers FROM survey_invitations WHERE campaign_id = $1`,
        [c!.id],
      ),
    ).toEqual([{ n: 5, employers: 5 }]);
  });

  it('creates and launches last year’s campaign once from the yearly job, whatever the reruns', async () => {
    const svc = t.get(SurveysService);
    const now = new Date('2028-01-10T08:00:00Z');
    t.clock.set(now);
    const first = await svc.ensureYearlyCampaign(now);
    expect(first).toMatchObject({ created: true, launched: true });
    const second = await svc.ensureYearlyCampaign(now);
    expect(second).toEqual({ campaignId: first.campaignId, created: false, launched: false });
    const c = await svc.get(first.campaignId);
    expect(c).toMatchObject({ year: 2027, status: 'running', launchedAt: now.toISOString() });
  });

  it('closes campaigns past their closing date from the close job', async () => {
    const svc = t.get(SurveysService);
    const running = (await t.ds.query(
      `SELECT id, closes_at FROM survey_campaigns WHERE status = 'running' ORDER BY year`,
    )) as { id: string; closes_at: Date }[];
    t.clock.set(new Date(running[0]!.closes_at.getTime() - 1000));
    expect(await svc.closeDue()).toEqual([]);
    t.clock.set(new Date(running[running.length - 1]!.closes_at.getTime()));
    expect((await svc.closeDue()).sort()).toEqual(running.map((r) => r.id).sort());
    expect(
      await t.ds.query(`SELECT count(*)::int AS n FROM survey_campaigns WHERE status = 'running'`),
    ).toEqual([{ n: 0 }]);
  });
});
