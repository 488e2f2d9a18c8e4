import ExcelJS from 'exceljs';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp, type SessionClient } from '../support/web.js';

// Roles, CSRF and bad input on the managers' and admins' pages, without a browser: every refusal
// is a French page with a 4xx status, and nothing is written.
describe('managers’ and admins’ pages over HTTP', () => {
  let t: TestApp;
  let adviser: SessionClient;
  let manager: SessionClient;
  let admin: SessionClient;
  const http = () => request(t.app.getHttpServer());
  const count = async (sql: string) => ((await t.ds.query(sql)) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    adviser = await logInHttp(t, await aStaffAccount(t, 'adviser'));
    manager = await logInHttp(t, await aStaffAccount(t, 'manager'));
    admin = await logInHttp(t, await aStaffAccount(t, 'admin'));
  });
  afterAll(() => t.close());

  const post = (who: SessionClient, path: string, form: Record<string, string>, csrf = true) =>
    http()
      .post(path)
      .set('Cookie', who.cookie)
      .set('Origin', who.origin)
      .type('form')
      .send(csrf ? { _csrf: who.csrf, ...form } : form);

  it.each([
    '/survey-campaigns',
    '/indicators',
    '/indicators?format=csv',
    '/import-export',
    '/import-export/employers.csv',
    '/import-export/employers.xlsx',
    '/admin/follow-up-plans',
  ])('gives an adviser the French 403 page on GET %s', async (path) => {
    const res = await http().get(path).set('Cookie', adviser.cookie).expect(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Accès refusé');
  });

  it('gives a manager the 403 page on the admin pages, and refuses their posts', async () => {
    await http().get('/admin/users').set('Cookie', manager.cookie).expect(403);
    const before = await count('SELECT count(*)::int AS n FROM users');
    const res = await post(manager, '/admin/users', {
      email: 'x@ml.example',
      displayName: 'X',
      role: 'admin',
      password: 'un-mot-de-passe-long',
    }).expect(403);
    expect(res.text).toContain('Accès refusé');
    expect(await count('SELECT count(*)::int AS n FROM users')).toBe(before);
  });

  it('refuses an adviser’s campaign creation and launch with the 403 page, writing nothing', async () => {
    await post(adviser, '/survey-campaigns', { year: '2031' }).expect(403);
    expect(await count('SELECT count(*)::int AS n FROM survey_campaigns')).toBe(0);
  });

  it('refuses a post without the CSRF token: 403 "form expired", nothing written', async () => {
    const res = await post(manager, '/survey-campaigns', { year: '2031' }, false).expect(403);
    expect(res.text).toContain('Formulaire expiré');
    const plans = await count('SELECT count(*)::int AS n FROM follow_up_plans');
    await post(
      manager,
      '/admin/follow-up-plans/cdi',
      {
        'steps.0.key': 'x',
        'steps.0.anchor': 'start',
        'steps.0.offsetDays': '3',
        'steps.0.withWhom': 'both',
      },
      false,
    ).expect(403);
    expect(await count('SELECT count(*)::int AS n FROM follow_up_plans')).toBe(plans);
    // The multipart import form too: its token is read before the guard, so a missing one is refused.
    const upload = await http()
      .post('/import-export/employers')
      .set('Cookie', manager.cookie)
      .set('Origin', manager.origin)
      .attach('file', Buffer.from('SIRET;Raison sociale\r\n;Sans Jeton\r\n'), 'e.csv')
      .expect(403);
    expect(upload.text).toContain('Formulaire expiré');
  });

  it('answers bad input with a French message beside the field and status 400', async () => {
    const year = await post(manager, '/survey-campaigns', {
      year: '1850',
      reminderDays: '7, x',
    }).expect(400);
    expect(year.text).toContain('La valeur de « Année enquêtée » n’est pas acceptée.');
    expect(year.text).toContain(
      'La valeur de « Relances (jours après le lancement) » n’est pas acceptée.',
    );
    expect(await count('SELECT count(*)::int AS n FROM survey_campaigns')).toBe(0);

    const period = await http()
      .get('/indicators?from=hier')
      .set('Cookie', manager.cookie)
      .expect(400);
    expect(period.text).toContain('Saisissez une date valide pour « Du ».');
    const group = await http()
      .get('/indicators?groupBy=planete')
      .set('Cookie', manager.cookie)
      .expect(400);
    expect(group.text).toContain('La valeur de « Regrouper par » n’est pas acceptée.');

    await http().get('/survey-campaigns/pas-un-id').set('Cookie', manager.cookie).expect(404);
    await http()
      .get('/survey-campaigns/00000000-0000-4000-8000-000000000000')
      .set('Cookie', manager.cookie)
      .expect(404);
    await http()
      .get('/admin/follow-up-plans?contractType=stage')
      .set('Cookie', manager.cookie)
      .expect(400);
    await http()
      .get('/import-export/employers.csv?status=perdu')
      .set('Cookie', manager.cookie)
      .expect(400);
  });

  it('refuses a file that is not a CSV of employers, and a confirmation of an unknown upload', async () => {
    const before = await count('SELECT count(*)::int AS n FROM employers');
    const bad = await http()
      .post('/import-export/employers')
      .set('Cookie', manager.cookie)
      .set('Origin', manager.origin)
      .field('_csrf', manager.csrf)
      .attach('file', Buffer.from('Couleur;Saveur\r\nbleu;sucré\r\n'), 'fruits.csv')
      .expect(400);
    expect(bad.text).toContain('La ligne d’en-tête ne convient pas.');
    const none = await http()
      .post('/import-export/employers')
      .set('Cookie', manager.cookie)
      .set('Origin', manager.origin)
      .field('_csrf', manager.csrf)
      .expect(400);
    expect(none.text).toContain('Choisissez un fichier d’entreprises (CSV ou Excel).');
    const stranger = await post(manager, '/import-export/employers/confirm', {
      uploadId: '0123456789abcdef0123456789abcdef',
    }).expect(400);
    expect(stranger.text).toContain('Ce fichier a déjà été importé');
    expect(await count('SELECT count(*)::int AS n FROM employers')).toBe(before);
  });

  it('saves a new version of a plan from the form fields, blank rows dropped', async () => {
    const [{ v }] = (await t.ds.query(
      `SELECT max(version)::int AS v FROM follow_up_plans WHERE contract_type = 'cdd'`,
    )) as { v: number }[];
    const res = await post(manager, '/admin/follow-up-plans/cdd', {
      'steps.0.key': 'first_week',
      'steps.0.anchor': 'start',
      'steps.0.offsetDays': '7',
      'steps.0.withWhom': 'both',
      'steps.0.minContractDays': '',
      'steps.0.repeatEveryDays': '',
      'steps.1.key': 'monthly_call',
      'steps.1.anchor': 'start',
      'steps.1.offsetDays': '-3',
      'steps.1.withWhom': 'employer',
      'steps.1.minContractDays': '',
      'steps.1.repeatEveryDays': '30',
      'steps.2.key': '',
      'steps.2.anchor': 'start',
      'steps.2.offsetDays': '',
      'steps.2.withWhom': 'both',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/follow-up-plans?contractType=cdd');
    const rows = (await t.ds.query(
      `SELECT version, steps FROM follow_up_plans WHERE contract_type = 'cdd' ORDER BY version DESC LIMIT 1`,
    )) as { version: number; steps: unknown[] }[];
    expect(rows[0]!.version).toBe(v + 1);
    expect(rows[0]!.steps).toEqual([
      { key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' },
      {
        key: 'monthly_call',
        anchor: 'start',
        offsetDays: -3,
        repeatEveryDays: 30,
        withWhom: 'employer',
      },
    ]);
  });

  it('checks and imports an Excel workbook like a CSV, and exports one', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Feuil1').addRows([
      ['SIRET', 'Raison sociale'],
      ['', 'Atelier Excel'],
    ]);
    const checked = await http()
      .post('/import-export/employers')
      .set('Cookie', manager.cookie)
      .set('Origin', manager.origin)
      .field('_csrf', manager.csrf)
      .attach('file', Buffer.from(await book.xlsx.writeBuffer()), 'entreprises.xlsx')
      .expect(200);
    expect(checked.text).toContain('<dt>À créer</dt><dd>1</dd>');
    const uploadId = /name="uploadId" value="([0-9a-f]{32})"/.exec(checked.text)![1]!;
    await post(manager, '/import-export/employers/confirm', { uploadId }).expect(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM employers WHERE legal_name = 'Atelier Excel'`),
    ).toBe(1);

    const page = await http().get('/import-export').set('Cookie', manager.cookie).expect(200);
    expect(page.text).toContain('formaction="/import-export/employers.xlsx"');
    const exported = await http()
      .get('/import-export/employers.xlsx')
      .set('Cookie', manager.cookie)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(exported.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(exported.headers['cache-control']).toBe('no-store');
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(exported.body as ArrayBuffer);
    const names: unknown[] = [];
    read.worksheets[0]!.eachRow((row) => names.push(row.getCell(3).value));
    expect(names[0]).toBe('Raison sociale');
    expect(names).toContain('Atelier Excel');
  });

  it('keeps a checked file for its uploader only', async () => {
    const checked = await http()
      .post('/import-export/employers')
      .set('Cookie', manager.cookie)
      .set('Origin', manager.origin)
      .field('_csrf', manager.csrf)
      .attach('file', Buffer.from('SIRET;Raison sociale\r\n;Atelier Gardé\r\n'), 'e.csv')
      .expect(200);
    const uploadId = /name="uploadId" value="([0-9a-f]{32})"/.exec(checked.text)![1]!;
    // Another manager-or-above cannot import it.
    await post(admin, '/import-export/employers/confirm', { uploadId }).expect(400);
    expect(
      await count(`SELECT count(*)::int AS n FROM employers WHERE legal_name = 'Atelier Gardé'`),
    ).toBe(0);
    await post(manager, '/import-export/employers/confirm', { uploadId }).expect(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM employers WHERE legal_name = 'Atelier Gardé'`),
    ).toBe(1);
  });
});
