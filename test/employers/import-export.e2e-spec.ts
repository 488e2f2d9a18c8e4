import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';

const exec = promisify(execFile);

/** Python's csv module reading a file as a spreadsheet user's script would. */
const PYTHON_READ = [
  'import csv, json, sys',
  "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:",
  "    print(json.dumps(list(csv.reader(f, delimiter=';')), ensure_ascii=False))",
].join('\n');

const HEADER =
  "SIRET;Raison sociale;Enseigne;Code NAF;Tranche d'effectif;Adresse;Code postal;Code commune INSEE;Statut;Origine;Étiquettes;QPV";

describe('employers CSV import and export', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:00:00Z') });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  const upload = (csv: string | Buffer, query = '', who: Staff = manager) =>
    t.http
      .post(`/api/v1/employers/import${query}`)
      .set(who.auth)
      .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), {
        filename: 'employeurs.csv',
        contentType: 'text/csv',
      });

  const snapshot = async () => ({
    employers: await t.ds.query('SELECT * FROM employers ORDER BY id'),
    audit: await t.ds.query('SELECT count(*)::int AS n FROM audit_log'),
  });

  describe('import', () => {
    let existingSiret: string;
    let existingId: string;
    let newSiret: string;
    let file: string;

    beforeAll(async () => {
      existingSiret = aSiret();
      newSiret = aSiret();
      existingId = await anEmployer(t.ds, {
        siret: existingSiret,
        siren: existingSiret.slice(0, 9),
        legal_name: 'Ancien Nom',
      });
      file = [
        `\ufeff${HEADER}`,
        `${newSiret};Boulangerie Nouvelle;Au Bon Pain;10.71C;03;"2 rue Battant";25000;25056;prospect;prospection;"alimentaire, apprentissage";non`,
        `${existingSiret.slice(0, 3)} ${existingSiret.slice(3)};Nouveau Nom;;;;;25000;25056;partenaire;autre;;oui`,
        '',
        '73282932000075;Numéro faux;;;;;;;prospect;autre;;non',
        `${aSiret()};"Note sur
deux lignes";;56.10Z;;;;;prospect;autre;;non`,
        `${newSiret};Doublon dans le fichier;;;;;;;prospect;autre;;non`,
        `${aSiret()};Statut inconnu;;;;;;;client;autre;;peut-être`,
      ].join('\r\n');
    });

    it('refuses an adviser (manager only) and a request without a file', async () => {
      await upload(file, '', adviser).expect(403);
      const res = await t.http.post('/api/v1/employers/import').set(manager.auth).expect(400);
      expect(res.body.errors[0].field).toBe('file');
    });

    it('dry run: reports each row with its line number and writes nothing', async () => {
      const before = await snapshot();
      const res = await upload(file, '?dryRun=true').expect(200);
      expect(res.body).toMatchObject({ dryRun: true, encoding: 'utf-8' });
      expect(res.body.totals).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 4 });
      // Only the rejected rows are listed.
      expect(res.body.rowsOmitted).toBe(0);
      expect(res.body.rows).toEqual([
        {
          line: 5,
          outcome: 'rejected',
          siret: '73282932000075',
          errors: [{ field: 'SIRET', message: 'is not a valid SIRET (check digit)' }],
        },
        {
          line: 6,
          outcome: 'rejected',
          siret: expect.any(String),
          errors: [{ field: 'Code NAF', message: expect.stringContaining('NAF') }],
        },
        {
          line: 8,
          outcome: 'rejected',
          siret: newSiret,
          errors: [{ field: 'SIRET', message: 'same employer as line 2' }],
        },
        {
          line: 9,
          outcome: 'rejected',
          errors: [
            { field: 'Statut', message: expect.stringContaining('partenaire') },
            { field: 'QPV', message: 'must be "oui" or "non"' },
          ],
        },
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('imports: creates the new SIRET, updates the existing one instead of duplicating it', async () => {
      const res = await upload(file).expect(200);
      expect(res.body.totals).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 4 });
      const [created] = await t.ds.query('SELECT id FROM employers WHERE siret = $1', [newSiret]);
      const rows = await t.ds.query(
        'SELECT id, legal_name, trade_name, status, tags, qpv, epci_code, siren, version FROM employers WHERE siret = ANY($1) ORDER BY legal_name',
        [[newSiret, existingSiret]],
      );
      expect(rows).toEqual([
        {
          id: created.id,
          legal_name: 'Boulangerie Nouvelle',
          trade_name: 'Au Bon Pain',
          status: 'prospect',
          tags: ['alimentaire', 'apprentissage'],
          qpv: false,
          epci_code: '242500361',
          siren: newSiret.slice(0, 9),
          version: 1,
        },
        {
          id: existingId,
          legal_name: 'Nouveau Nom',
          trade_name: null,
          status: 'partner',
          tags: [],
          qpv: true,
          epci_code: '242500361',
          siren: existingSiret.slice(0, 9),
          version: 2,
        },
      ]);
      const audit = await t.ds.query(
        "SELECT action, actor_id FROM audit_log WHERE entity_id = ANY($1) AND action LIKE 'import%' ORDER BY action",
        [[created.id, existingId]],
      );
      expect(audit).toEqual([
        { action: 'import_create', actor_id: manager.id },
        { action: 'import_update', actor_id: manager.id },
      ]);
      // Importing the same file again changes nothing.
      const again = await upload(file).expect(200);
      expect(again.body.totals).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 4 });
    });

    it('reads comma-separated files without a BOM', async () => {
      const siret = aSiret();
      const res = await upload(
        `SIRET,Raison sociale,Code postal\n${siret},"Garage, Carrosserie",25000\n`,
      )
        .query({ dryRun: 'true' })
        .expect(200);
      expect(res.body).toMatchObject({
        totals: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
        rows: [],
      });
    });

    it('refuses a bad dryRun value and a file that is not CSV, writing nothing', async () => {
      const before = await snapshot();
      await upload(file, '?dryRun=maybe').expect(400);
      const res = await upload('Raison sociale;SIRET\n"unterminated;1\n').expect(400);
      expect(res.body.errors[0].field).toBe('file');
      expect(await snapshot()).toEqual(before);
    });

    it('reads a Windows-1252 file as saved by French spreadsheet software', async () => {
      const siret = aSiret();
      const text = `SIRET;Raison sociale;Étiquettes\r\n${siret};Crêperie Hélène;crêpes\r\n`;
      const bytes = Buffer.from(
        [...text].map((ch) => ({ é: 0xe9, ê: 0xea, É: 0xc9 })[ch] ?? ch.charCodeAt(0)),
      );
      const res = await upload(bytes).expect(200);
      expect(res.body).toMatchObject({ encoding: 'windows-1252', totals: { created: 1 } });
      const [row] = await t.ds.query('SELECT legal_name, tags FROM employers WHERE siret = $1', [
        siret,
      ]);
      expect(row).toEqual({ legal_name: 'Crêperie Hélène', tags: ['crêpes'] });
    });

    it('refuses a file whose header has an unknown column, naming it', async () => {
      const res = await upload('SIRET;Raison social\n').expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([{ field: 'column 2', message: 'unknown column "Raison social"' }]),
      );
    });

    it('imports 10,000 rows in one go', async () => {
      const lines = [HEADER];
      const sirets: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const siret = aSiret();
        sirets.push(siret);
        lines.push(
          `${siret};Entreprise en masse ${i};;47.11F;;${i} avenue Foch;25000;25056;prospect;autre;import;non`,
        );
      }
      const res = await upload(lines.join('\n')).expect(200);
      const unique = new Set(sirets).size;
      expect(res.body.totals.created + res.body.totals.rejected).toBe(10_000);
      expect(res.body.totals.created).toBe(unique);
      expect(res.body.rows.length).toBe(Math.min(res.body.totals.rejected, 100));
      const [{ n }] = await t.ds.query(
        "SELECT count(*)::int AS n FROM employers WHERE 'import' = ANY(tags)",
      );
      expect(n).toBe(unique);
    }, 120_000);

    it('lists only the first 100 rejected rows, and counts them all', async () => {
      const lines = ['SIRET;Raison sociale;QPV'];
      for (let i = 0; i < 150; i++) lines.push(`;Refusée ${i};peut-être`);
      lines.push(';Acceptée;non');
      const res = await upload(lines.join('\n'), '?dryRun=true').expect(200);
      expect(res.body.totals).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 150 });
      expect(res.body.rows).toHaveLength(100);
      expect(res.body.rowsOmitted).toBe(50);
      expect(res.body.rows[0]).toMatchObject({ line: 2, outcome: 'rejected' });
      expect(res.body.rows[99]).toMatchObject({ line: 101, outcome: 'rejected' });
    });

    it('refuses a file over 200,000 rows with a French 400, writing nothing', async () => {
      const before = await snapshot();
      const body = `Raison sociale\n${'Trop\n'.repeat(200_001)}`;
      const res = await upload(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        {
          field: 'file',
          message:
            'le fichier dépasse 200\u202f000 lignes d’entreprises : découpez-le en plusieurs fichiers',
        },
      ]);
      expect(await snapshot()).toEqual(before);
      // Exactly at the cap: read (a dry run, to keep the test short).
      const atCap = await upload(
        `Raison sociale;QPV\n${'Juste;peut-être\n'.repeat(200_000)}`,
        '?dryRun=true',
      ).expect(200);
      expect(atCap.body.totals.rejected).toBe(200_000);
      expect(atCap.body.rows).toHaveLength(100);
    }, 120_000);

    it('refuses a file with an unreadable line before writing any of it', async () => {
      const before = await snapshot();
      const lines = ['SIRET;Raison sociale'];
      for (let i = 0; i < 600; i++) lines.push(`;Avant la ligne cassée ${i}`);
      lines.push(';"jamais fermé;x');
      const res = await upload(lines.join('\n')).expect(400);
      expect(res.body.errors[0].field).toBe('file');
      expect(await snapshot()).toEqual(before);
    });

    it('commits batch by batch by default, and all or nothing with atomic=true', async () => {
      // A database failure on the 551st row (in the second batch of 500).
      await t.ds.query(`
        CREATE FUNCTION test_import_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.legal_name LIKE 'Lot % 550' THEN RAISE EXCEPTION 'simulated fault'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_import_fault BEFORE INSERT ON employers
          FOR EACH ROW EXECUTE FUNCTION test_import_fault();`);
      try {
        const file = (tag: string) =>
          [
            'SIRET;Raison sociale;Étiquettes',
            ...Array.from({ length: 600 }, (_, i) => `;Lot ${tag} ${i};${tag}`),
          ].join('\n');
        const count = async (tag: string) =>
          (
            await t.ds.query('SELECT count(*)::int AS n FROM employers WHERE $1 = ANY(tags)', [tag])
          )[0].n as number;
        await upload(file('atomique'), '?atomic=true').expect(500);
        expect(await count('atomique')).toBe(0);
        await upload(file('par-lot')).expect(500);
        expect(await count('par-lot')).toBe(500);
      } finally {
        await t.ds.query(
          'DROP TRIGGER test_import_fault ON employers; DROP FUNCTION test_import_fault()',
        );
      }
      const ok = await upload(
        ['Raison sociale;Étiquettes', ';sans nom', 'Lot ok;ok'].join('\n'),
        '?atomic=true',
      ).expect(200);
      expect(ok.body).toMatchObject({ atomic: true, totals: { created: 1, rejected: 1 } });
    });
  });

  describe('export', () => {
    it('exports the filtered list as CSV that imports back unchanged', async () => {
      const referent = await t.staff('adviser', { email: 'referente@ml.example' });
      const rich = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({
          siret: aSiret(),
          legalName: 'Export « Chez Hélène »; traiteur',
          tradeName: 'Hélène, traiteur',
          nafCode: '56.21Z',
          headcountBand: '11',
          address: { street: '3 place du 8 Septembre', postalCode: '25000', inseeCode: '25056' },
          qpv: true,
          status: 'partner',
          source: 'event',
          tags: ['export-test', 'traiteur'],
          notes: 'Première ligne\nSeconde ligne avec "guillemets"',
          referentId: referent.id,
        })
        .expect(201);
      const ids = [
        rich.body.id as string,
        await anEmployer(t.ds, {
          legal_name: 'Export sans SIRET',
          siret: null,
          tags: ['export-test'],
        }),
      ];
      await anEmployer(t.ds, { legal_name: 'Pas exporté' });

      await t.http.get('/api/v1/employers/export').set(adviser.auth).expect(403);
      const res = await t.http
        .get('/api/v1/employers/export?tag=export-test')
        .set(manager.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const csv = res.body as Buffer;
      const text = csv.toString('utf8');
      expect(text.startsWith('\ufeffIdentifiant;SIRET;Raison sociale;')).toBe(true);
      expect(text).toContain('Hélène');
      expect(text).not.toContain('Pas exporté');

      const before = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      const report = await upload(csv).expect(200);
      expect(report.body.totals).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
      const after = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      expect(after).toEqual(before);
    });
  });

  describe('round trip', () => {
    const download = (path: string) =>
      t.http
        .get(path)
        .set(manager.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);

    const EXPORT = `/api/v1/employers/export?tag=${encodeURIComponent('BTP, génie civil')}`;
    let ids: string[];
    beforeAll(async () => {
      const create = async (body: Record<string, unknown>) =>
        (
          await t.http
            .post('/api/v1/employers')
            .set(manager.auth)
            .send({ status: 'prospect', source: 'other', ...body })
            .expect(201)
        ).body.id as string;
      ids = [
        await create({
          siret: aSiret(),
          legalName: '=SOMME(A1)',
          tradeName: '+33 6 12 34 56 78',
          tags: ['aller-retour', 'BTP, génie civil'],
          notes: '- premier point\n- second point, sans guillemets',
        }),
        // A lone tag holding a comma; a note typed in a browser (CRLF).
        await create({
          legalName: '@x',
          tradeName: '-2 étoiles',
          tags: ['BTP, génie civil'],
          notes: 'Ligne 1\r\nLigne 2 ; avec "guillemets"',
        }),
        await create({ legalName: 'Garage du Centre', tags: ['garage', 'BTP, génie civil'] }),
      ];
    });

    it('exports formulas neutralised and multi-line notes quoted, as Python reads them', async () => {
      const res = await download(EXPORT);
      const csv = res.body as Buffer;
      const text = csv.toString('utf8');
      expect(text).toContain(";'=SOMME(A1);'+33 6 12 34 56 78;");
      expect(text).toContain(';"\'- premier point\n- second point, sans guillemets";');
      const ours = parse(csv, { bom: true, delimiter: ';' }) as string[][];
      expect(ours).toHaveLength(4);
      const dir = await mkdtemp(join(tmpdir(), 'crm-csv-'));
      try {
        await writeFile(join(dir, 'export.csv'), csv);
        const { stdout } = await exec('python3', ['-c', PYTHON_READ, join(dir, 'export.csv')]);
        expect(JSON.parse(stdout)).toEqual(ours);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const byName = new Map(ours.map((r) => [r[0], r]));
      const tagsColumn = ours[0]!.indexOf('Étiquettes');
      expect(byName.get(ids[0]!)![tagsColumn]).toBe('aller-retour | BTP, génie civil');
      expect(byName.get(ids[1]!)![tagsColumn]).toBe('BTP, génie civil |');
    });

    it('imports its own export back: 0 created, 0 updated, 0 rejected, nothing changed', async () => {
      const before = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      const res = await download(EXPORT);
      const report = await upload(res.body as Buffer).expect(200);
      expect(report.body.totals).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
      const after = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      expect(after).toEqual(before);
      expect(after.find((e: { id: string }) => e.id === ids[0])).toMatchObject({
        legal_name: '=SOMME(A1)',
        trade_name: '+33 6 12 34 56 78',
        tags: ['aller-retour', 'BTP, génie civil'],
      });
    });

    it('exports an Excel workbook with the same columns, which imports back unchanged', async () => {
      const csv = parse((await download(EXPORT)).body as Buffer, {
        bom: true,
        delimiter: ';',
      }) as string[][];
      const res = await download(`${EXPORT}&format=xlsx`);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-disposition']).toMatch(/filename="employeurs-[\d-]+\.xlsx"/);
      const xlsx = res.body as Buffer;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).toEqual(csv[0]);
      expect(rows).toHaveLength(csv.length);
      // Text cells, never formulas: the name reads as typed, without the CSV's guard.
      const name = rows.find((r) => r[0] === ids[0])![2];
      expect(name).toBe('=SOMME(A1)');

      const before = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      const report = await t.http
        .post('/api/v1/employers/import')
        .set(manager.auth)
        .attach('file', xlsx, {
          filename: 'employeurs.xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
        .expect(200);
      expect(report.body).toMatchObject({ format: 'xlsx', dryRun: false });
      expect(report.body.totals).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
      const after = await t.ds.query('SELECT * FROM employers WHERE id = ANY($1) ORDER BY id', [
        ids,
      ]);
      expect(after).toEqual(before);
    });

    it('imports a workbook typed by hand through the same checks (dry run, then for real)', async () => {
      const siret = aSiret();
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Feuil1');
      sheet.addRow(['raison_sociale', 'SIRET', 'code-naf', 'Code postal', 'Étiquettes', 'QPV']);
      sheet.addRow([]);
      sheet.addRow([
        'Menuiserie Excel',
        Number(siret),
        '16.23Z',
        25000,
        'bois | BTP, génie civil',
        true,
      ]);
      sheet.addRow(['Sans statut', '', '', '', '', 'peut-être']);
      const file = Buffer.from(await book.xlsx.writeBuffer());
      // Named .csv: the content decides.
      const dry = await upload(file, '?dryRun=true').expect(200);
      expect(dry.body).toMatchObject({
        format: 'xlsx',
        totals: { created: 1, updated: 0, unchanged: 0, rejected: 1 },
      });
      expect(dry.body.rows).toEqual([
        {
          line: 4,
          outcome: 'rejected',
          errors: [{ field: 'QPV', message: 'must be "oui" or "non"' }],
        },
      ]);
      expect(await t.ds.query('SELECT id FROM employers WHERE siret = $1', [siret])).toEqual([]);
      await upload(file).expect(200);
      expect(
        await t.ds.query('SELECT legal_name, naf_code, tags, qpv FROM employers WHERE siret = $1', [
          siret,
        ]),
      ).toEqual([
        {
          legal_name: 'Menuiserie Excel',
          naf_code: '16.23Z',
          tags: ['bois', 'BTP, génie civil'],
          qpv: true,
        },
      ]);
    });

    it('refuses a broken workbook with a 400 naming the file', async () => {
      const res = await upload(Buffer.from('PK\u0003\u0004 pas vraiment un classeur')).expect(400);
      expect(res.body.errors[0].field).toBe('file');
    });
  });
});
