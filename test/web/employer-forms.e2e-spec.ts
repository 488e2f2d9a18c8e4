import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  aStaffAccount,
  logInHttp,
  type SessionClient,
  type WebUserAccount,
} from '../support/web.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';

describe('employer forms (create, edit, merge)', () => {
  let t: TestApp;
  let adviser: WebUserAccount;
  let s: SessionClient;
  const post = (path: string, body: Record<string, string>, session = s) =>
    request(t.app.getHttpServer())
      .post(path)
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .type('form')
      .send({ ...body, _csrf: session.csrf });
  const count = async (sql: string, params: unknown[]) =>
    Number(((await t.ds.query(sql, params)) as { n: string }[])[0]!.n);

  beforeAll(async () => {
    t = await createTestApp();
    adviser = await aStaffAccount(t, 'adviser');
    s = await logInHttp(t, adviser);
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a SIRET with a wrong check digit in French, writing nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM employers', []);
    const res = await post('/employers', {
      siret: '12345678901234',
      legalName: 'Boulangerie du Pont',
      status: 'prospect',
      source: 'outreach',
    }).expect(400);
    expect(res.text).toContain('Il y a un problème');
    expect(res.text).toContain('<a href="#f-siret">');
    expect(res.text).toContain('value="Boulangerie du Pont"');
    expect(await count('SELECT count(*) AS n FROM employers', [])).toBe(before);
  });

  it('creates an employer, and links the existing one when the SIRET is taken', async () => {
    const siret = aSiret();
    const created = await post('/employers', {
      siret,
      legalName: 'Boulangerie du Pont',
      'address.postalCode': '25000',
      status: 'prospect',
      source: 'outreach',
      tags: 'alimentaire, alternance',
    }).expect(303);
    const id = /\/employers\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    const [row] = (await t.ds.query('SELECT legal_name, tags FROM employers WHERE id = $1', [
      id,
    ])) as { legal_name: string; tags: string[] }[];
    expect(row).toEqual({ legal_name: 'Boulangerie du Pont', tags: ['alimentaire', 'alternance'] });

    const again = await post('/employers', {
      siret,
      legalName: 'Autre nom',
      status: 'prospect',
      source: 'outreach',
    }).expect(400);
    expect(again.text).toContain('Une entreprise avec ce SIRET existe déjà.');
    expect(again.text).toContain(`<a href="/employers/${id}">Boulangerie du Pont</a>`);
  });

  it('refuses an edit made on a stale version, keeping the newer data', async () => {
    const id = await anEmployer(t.ds, { legal_name: 'Garage Martin' });
    await post(`/employers/${id}/edit`, {
      legalName: 'Garage Martin & Fils',
      status: 'partner',
      source: 'other',
      version: '1',
    }).expect(303);
    const stale = await post(`/employers/${id}/edit`, {
      legalName: 'Garage Martin SARL',
      status: 'partner',
      source: 'other',
      version: '1',
    }).expect(409);
    expect(stale.text).toContain('Quelqu’un d’autre a modifié cet élément');
    const [row] = (await t.ds.query('SELECT legal_name FROM employers WHERE id = $1', [id])) as {
      legal_name: string;
    }[];
    expect(row!.legal_name).toBe('Garage Martin & Fils');
  });

  it('lets a manager preview then merge: the contacts move, the merged employer is archived', async () => {
    const manager = await aStaffAccount(t, 'manager');
    const m = await logInHttp(t, manager);
    const source = await anEmployer(t.ds, { legal_name: 'Plomberie Duval (doublon)' });
    const target = await anEmployer(t.ds, { legal_name: 'Plomberie Duval' });
    await anInteraction(t.ds, source, adviser.id);
    await anInteraction(t.ds, source, adviser.id);
    const preview = await request(t.app.getHttpServer())
      .get(`/employers/${source}/merge?intoId=${target}`)
      .set('Cookie', m.cookie)
      .expect(200);
    expect(preview.text).toContain('2 contacts notés');
    expect(preview.text).toContain('Fusionner dans Plomberie Duval');
    // An adviser cannot, even with a valid token.
    await post(`/employers/${source}/merge`, { intoId: target }).expect(403);
    const done = await post(`/employers/${source}/merge`, { intoId: target }, m).expect(303);
    expect(done.headers.location).toBe(`/employers/${target}`);
    expect(
      await count('SELECT count(*) AS n FROM interactions WHERE employer_id = $1', [target]),
    ).toBe(2);
    const [row] = (await t.ds.query('SELECT status FROM employers WHERE id = $1', [source])) as {
      status: string;
    }[];
    expect(row!.status).toBe('archived');
  });
});
