import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SireneImportService } from '../../src/prospects/sirene-import.service.js';
import { withLuhnDigit } from '../../src/reference/siret.js';
import {
  ETABLISSEMENT_COLUMNS,
  UNITE_LEGALE_COLUMNS,
  aUniteLegale,
  anEtablissement,
  writeSireneFile,
} from '../support/factories/sirene.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const siret = (n: number) => withLuhnDigit(`4${String(n).padStart(8, '0')}0001`);

describe('prospects from SIRENE', () => {
  let t: TestApp;
  let adviser: Staff;
  let dir: string;
  const S = {
    company: siret(1),
    entrepreneur: siret(2),
    closed: siret(3),
    nonEmployer: siret(4),
    outside: siret(5),
    masked: siret(6),
    known: siret(7),
    naf2025: siret(8),
    bandOnly: siret(9),
  };

  const files = () => ({
    etablissements: join(dir, 'StockEtablissement.csv'),
    unitesLegales: join(dir, 'StockUniteLegale.csv'),
  });
  const write = (
    etabs: Record<string, string | undefined>[],
    uls: Record<string, string | undefined>[],
  ) => {
    writeSireneFile(files().etablissements, ETABLISSEMENT_COLUMNS, etabs);
    writeSireneFile(files().unitesLegales, UNITE_LEGALE_COLUMNS, uls);
  };
  const importFiles = () => t.get(SireneImportService).import(files());
  const prospects = async (query: Record<string, string> = {}) =>
    (await t.http.get('/api/v1/prospects').query(query).set(adviser.auth).expect(200)).body as {
      items: {
        siret: string;
        name: string | null;
        tradeName: string | null;
        address: { street: string | null };
      }[];
      nextCursor: string | null;
    };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser');
    dir = mkdtempSync(join(tmpdir(), 'sirene-'));
    await anEmployer(t.ds, {
      siret: S.known,
      siren: S.known.slice(0, 9),
      legal_name: 'Déjà connu',
    });
    write(
      [
        anEtablissement(S.company, { enseigne1Etablissement: 'AU BON PAIN' }),
        anEtablissement(S.entrepreneur, {
          codeCommuneEtablissement: '25047',
          codePostalEtablissement: '25110',
        }),
        anEtablissement(S.closed, { etatAdministratifEtablissement: 'F' }),
        anEtablissement(S.nonEmployer, {
          caractereEmployeurEtablissement: 'N',
          trancheEffectifsEtablissement: 'NN',
        }),
        anEtablissement(S.outside, {
          codeCommuneEtablissement: '25388',
          codePostalEtablissement: '25200',
        }),
        anEtablissement(S.masked, {
          statutDiffusionEtablissement: 'P',
          numeroVoieEtablissement: '[ND]',
          libelleVoieEtablissement: '[ND]',
          enseigne1Etablissement: '[ND]',
        }),
        anEtablissement(S.known),
        anEtablissement(S.naf2025, { activitePrincipaleNAF25Etablissement: '47.24Y' }),
        anEtablissement(S.bandOnly, {
          caractereEmployeurEtablissement: '',
          trancheEffectifsEtablissement: '03',
        }),
      ],
      [
        aUniteLegale(S.company.slice(0, 9), { denominationUniteLegale: 'BOULANGERIE DU CENTRE' }),
        aUniteLegale(S.entrepreneur.slice(0, 9), {
          denominationUniteLegale: '',
          prenom1UniteLegale: 'CLAIRE',
          nomUniteLegale: 'MARTIN',
          categorieJuridiqueUniteLegale: '1000',
        }),
        aUniteLegale(S.masked.slice(0, 9), {
          statutDiffusionUniteLegale: 'P',
          denominationUniteLegale: '',
          prenom1UniteLegale: '[ND]',
          nomUniteLegale: '[ND]',
          categorieJuridiqueUniteLegale: '1000',
        }),
        aUniteLegale(S.known.slice(0, 9)),
        aUniteLegale(S.naf2025.slice(0, 9)),
        aUniteLegale(S.bandOnly.slice(0, 9)),
        aUniteLegale(S.outside.slice(0, 9)),
      ],
    );
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('keeps the active employer establishments of the territory, with names from the legal unit', async () => {
    const report = await importFiles();
    expect(report).toMatchObject({ establishmentsRead: 9, created: 6, updated: 0, removed: 0 });
    const list = await prospects();
    expect(list.items.map((p) => p.siret).sort()).toEqual(
      [S.company, S.entrepreneur, S.masked, S.naf2025, S.bandOnly].sort(),
    );
    const byId = new Map(list.items.map((p) => [p.siret, p]));
    expect(byId.get(S.company)).toMatchObject({
      name: 'BOULANGERIE DU CENTRE',
      tradeName: 'AU BON PAIN',
      nafCode: '56.10A',
      nafVersion: 'rev2',
      headcountBand: '11',
      address: {
        street: '12 RUE DES GRANGES',
        postalCode: '25000',
        inseeCode: '25056',
        city: 'Besançon',
      },
      epci: { code: '242500361' },
      createdOn: '2015-03-01',
    });
    expect(byId.get(S.entrepreneur)).toMatchObject({
      name: 'CLAIRE MARTIN',
      epci: { code: '242504447' },
    });
    expect(byId.get(S.naf2025)).toMatchObject({ nafCode: '47.24Y', nafVersion: '2025' });
  });

  it('never shows what INSEE masks for non-diffusible persons', async () => {
    const list = await prospects();
    const masked = list.items.find((p) => p.siret === S.masked)!;
    expect(masked).toMatchObject({ name: null, tradeName: null, address: { street: null } });
    expect(JSON.stringify(list)).not.toContain('[ND]');
    const stored = JSON.stringify(await t.ds.query('SELECT * FROM prospects'));
    expect(stored).not.toContain('[ND]');
  });

  it('filters by EPCI, commune, section, headcount band and text', async () => {
    const ids = async (q: Record<string, string>) =>
      (await prospects(q)).items.map((p) => p.siret).sort();
    expect(await ids({ epci: '242504447' })).toEqual([S.entrepreneur]);
    expect(await ids({ inseeCode: '25047' })).toEqual([S.entrepreneur]);
    expect(await ids({ nafSection: '2025-G' })).toEqual([S.naf2025]);
    expect(await ids({ headcountBand: '03' })).toEqual([S.bandOnly]);
    expect(await ids({ q: 'boulangerie centre' })).toEqual([S.company]);
    expect(await ids({ q: 'bon pain' })).toEqual([S.company]);
    await t.http.get('/api/v1/prospects').query({ nafSection: 'ZZ' }).set(adviser.auth).expect(400);
    await t.http.get('/api/v1/prospects').expect(401);
  });

  it('imports the same files again without changing anything', async () => {
    const before = await t.ds.query('SELECT * FROM prospects ORDER BY siret');
    const report = await importFiles();
    expect(report).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 6,
      removed: 0,
      employersClosed: 0,
    });
    expect(await t.ds.query('SELECT * FROM prospects ORDER BY siret')).toEqual(before);
  });

  it('takes a prospect on: the employer filled from SIRENE, referent me, source outreach; 409 the second time', async () => {
    const res = await t.http
      .post(`/api/v1/prospects/${S.company}/take-on`)
      .set(adviser.auth)
      .expect(201);
    expect(res.body).toMatchObject({
      siret: S.company,
      legalName: 'BOULANGERIE DU CENTRE',
      tradeName: 'AU BON PAIN',
      nafCode: '56.10A',
      nafVersion: 'rev2',
      headcountBand: '11',
      address: { street: '12 RUE DES GRANGES', postalCode: '25000', inseeCode: '25056' },
      epci: { code: '242500361' },
      referentId: adviser.id,
      source: 'outreach',
    });
    const again = await t.http
      .post(`/api/v1/prospects/${S.company}/take-on`)
      .set(adviser.auth)
      .expect(409);
    expect(again.body.existingId ?? again.body.id ?? JSON.stringify(again.body)).toBeTruthy();
    expect((await prospects()).items.map((p) => p.siret)).not.toContain(S.company);
    await t.http
      .post(`/api/v1/prospects/${siret(99)}/take-on`)
      .set(adviser.auth)
      .expect(404);
    await t.http.post('/api/v1/prospects/123/take-on').set(adviser.auth).expect(400);
  });

  it('fills an employer created by SIRET from the register', async () => {
    const res = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ siret: S.naf2025 })
      .expect(201);
    expect(res.body).toMatchObject({
      legalName: `SOCIETE ${S.naf2025.slice(0, 9)}`,
      nafCode: '47.24Y',
      nafVersion: '2025',
      address: { inseeCode: '25056' },
    });
    const none = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ siret: siret(98) })
      .expect(400);
    expect(none.body.errors).toEqual([{ field: 'legalName', message: 'is required' }]);
  });

  it('a later file updates changed establishments, drops closed ones and flags closed employers', async () => {
    write(
      [
        anEtablissement(S.entrepreneur, {
          codeCommuneEtablissement: '25047',
          codePostalEtablissement: '25110',
          trancheEffectifsEtablissement: '12',
        }),
        anEtablissement(S.known, { etatAdministratifEtablissement: 'F' }),
        anEtablissement(S.masked, { etatAdministratifEtablissement: 'F' }),
        anEtablissement(S.bandOnly),
      ],
      [aUniteLegale(S.entrepreneur.slice(0, 9), { denominationUniteLegale: 'MARTIN SERVICES' })],
    );
    const report = await importFiles();
    expect(report).toMatchObject({ updated: 2, removed: 4, employersClosed: 1 });
    const list = await prospects();
    expect(list.items.find((p) => p.siret === S.entrepreneur)).toMatchObject({
      name: 'MARTIN SERVICES',
      headcountBand: '12',
    });
    const closed = await t.http.get('/api/v1/employers?closed=true').set(adviser.auth).expect(200);
    expect(closed.body.items).toEqual([
      expect.objectContaining({ siret: S.known, closedAt: NOW.toISOString() }),
    ]);
    const again = await importFiles();
    expect(again).toMatchObject({ updated: 0, removed: 0, employersClosed: 0 });
  });

  it('refuses a file lacking a required column, or the two files swapped, changing nothing', async () => {
    const before = (await t.ds.query(
      'SELECT siret, name FROM prospects ORDER BY siret',
    )) as unknown[];
    expect(before.length).toBeGreaterThan(0);
    const lacking = join(dir, 'sans-statut.csv');
    writeSireneFile(
      lacking,
      ETABLISSEMENT_COLUMNS.filter((c) => c !== 'statutDiffusionEtablissement'),
      [anEtablissement(siret(50))],
    );
    const refusal = (field: string, message: RegExp) => ({
      code: 'VALIDATION_FAILED',
      errors: [{ field, message: expect.stringMatching(message) }],
    });
    await expect(
      t.get(SireneImportService).import({ ...files(), etablissements: lacking }),
    ).rejects.toMatchObject({
      ...refusal('etablissements', /^lacks the columns statutDiffusionEtablissement$/),
      errors: [expect.objectContaining({ missingColumns: ['statutDiffusionEtablissement'] })],
    });
    await expect(
      t.get(SireneImportService).import({
        etablissements: files().unitesLegales,
        unitesLegales: files().etablissements,
      }),
    ).rejects.toMatchObject(refusal('etablissements', /^lacks the columns siret, /));
    const empty = join(dir, 'vide.csv');
    writeFileSync(empty, '');
    await expect(
      t.get(SireneImportService).import({ ...files(), unitesLegales: empty }),
    ).rejects.toMatchObject(refusal('unitesLegales', /not a readable CSV/));
    expect(await t.ds.query('SELECT siret, name FROM prospects ORDER BY siret')).toEqual(before);
  });
});
