import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';

const NOW = new Date('2026-06-15T09:00:00Z');

describe('employers in NAF rév. 2 and NAF 2025', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  const count = async () =>
    ((await t.ds.query('SELECT count(*)::int AS n FROM employers')) as { n: number }[])[0]!.n;

  it('creates an employer with a NAF 2025 code, its nomenclature told or derived', async () => {
    const derived = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ legalName: 'Boulangerie 2027', nafCode: '4724Y' })
      .expect(201);
    expect(derived.body).toMatchObject({ nafCode: '47.24Y', nafVersion: '2025' });
    const told = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ legalName: 'Rucher', nafCode: '01.48G', nafVersion: '2025' })
      .expect(201);
    expect(told.body).toMatchObject({ nafCode: '01.48G', nafVersion: '2025' });
    const stored = await t.ds.query('SELECT naf_version FROM employers WHERE id = $1', [
      told.body.id,
    ]);
    expect(stored).toEqual([{ naf_version: '2025' }]);
  });

  it('refuses an unknown code, a code of the other nomenclature and an unknown version, writing nothing', async () => {
    const before = await count();
    const bad = async (body: object) =>
      (
        await t.http
          .post('/api/v1/employers')
          .set(adviser.auth)
          .send({ legalName: 'Refusé', ...body })
          .expect(400)
      ).body.errors as { field: string }[];
    expect(await bad({ nafCode: '99.99Y' })).toEqual([
      { field: 'nafCode', message: expect.stringContaining('NAF 2025') },
    ]);
    expect(await bad({ nafCode: '56.10A', nafVersion: '2025' })).toEqual([
      { field: 'nafCode', message: 'is not a NAF 2025 sub-class (e.g. 47.24Y)' },
    ]);
    expect(await bad({ nafCode: '47.24Y', nafVersion: 'rev2' })).toEqual([
      { field: 'nafCode', message: 'is not a NAF rév. 2 sub-class (e.g. 56.10A)' },
    ]);
    expect((await bad({ nafCode: '56.10A', nafVersion: 'rev3' }))[0]!.field).toBe('nafVersion');
    expect(await count()).toBe(before);
  });

  it('shows rows written before NAF 2025 as rév. 2, and no nomenclature without a code', async () => {
    const old = await anEmployer(t.ds, { naf_code: '56.10A' });
    const none = await anEmployer(t.ds, { naf_code: null });
    const a = await t.http.get(`/api/v1/employers/${old}`).set(adviser.auth).expect(200);
    expect(a.body).toMatchObject({ nafCode: '56.10A', nafVersion: 'rev2' });
    const b = await t.http.get(`/api/v1/employers/${none}`).set(adviser.auth).expect(200);
    expect(b.body).toMatchObject({ nafCode: null, nafVersion: null });
  });

  it('moves an employer to its NAF 2025 code with PATCH', async () => {
    const id = await anEmployer(t.ds, { naf_code: '10.71C' });
    const res = await t.http
      .patch(`/api/v1/employers/${id}`)
      .set(adviser.auth)
      .send({ version: 1, nafCode: '10.71H' })
      .expect(200);
    expect(res.body).toMatchObject({ nafCode: '10.71H', nafVersion: '2025', version: 2 });
    const filtered = await t.http
      .get('/api/v1/employers?nafCode=10.71H')
      .set(adviser.auth)
      .expect(200);
    expect(filtered.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
  });

  it('imports and exports the nomenclature column of the CSV', async () => {
    const siret = aSiret();
    const csv = [
      'SIRET;Raison sociale;Code NAF;Nomenclature NAF;Étiquettes',
      `${siret};Apiculteur du Doubs;01.48G;NAF 2025;naf-csv`,
      `${aSiret()};Mauvaise nomenclature;01.48G;NAF rév. 2;naf-csv`,
    ].join('\r\n');
    const res = await t.http
      .post('/api/v1/employers/import')
      .set(manager.auth)
      .attach('file', Buffer.from(csv, 'utf8'), {
        filename: 'employeurs.csv',
        contentType: 'text/csv',
      })
      .expect(200);
    expect(res.body.totals).toMatchObject({ created: 1, rejected: 1 });
    expect(res.body.rows[0]).toMatchObject({
      line: 3,
      outcome: 'rejected',
      errors: [{ field: 'Code NAF' }],
    });
    const out = await t.http.get('/api/v1/employers/export?tag=naf-csv').set(manager.auth);
    const lines = (out.text as string).replace(/^\ufeff/, '').split('\r\n');
    const header = lines[0]!.split(';');
    const row = lines.find((l) => l.includes(siret))!.split(';');
    expect(row[header.indexOf('Code NAF')]).toBe('01.48G');
    expect(row[header.indexOf('Nomenclature NAF')]).toBe('NAF 2025');
  });

  it('groups indicators by the section of either nomenclature, each under its own key', async () => {
    // 62: computer programming, section J in NAF rév. 2, section K in NAF 2025.
    await anEmployer(t.ds, { naf_code: '62.01Z', created_at: NOW });
    await anEmployer(t.ds, { naf_code: '62.10Y', naf_version: '2025', created_at: NOW });
    const res = await t.http
      .get('/api/v1/indicators')
      .query({ groupBy: 'sector', from: '2026-06-15', to: '2026-06-15' })
      .set(manager.auth)
      .expect(200);
    const groups = res.body.groups as { key: string; label: string; newEmployers: number }[];
    expect(groups.find((g) => g.key === 'J')).toMatchObject({
      label: 'Information et communication',
      newEmployers: 1,
    });
    expect(groups.find((g) => g.key === '2025-K')).toMatchObject({
      label: 'Section K (NAF 2025)',
      newEmployers: 1,
    });
  });
});
