import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { withLuhnDigit } from '../../src/reference/siret.js';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import {
  ETABLISSEMENT_COLUMNS,
  UNITE_LEGALE_COLUMNS,
  aUniteLegale,
  anEtablissement,
  writeSireneFile,
} from '../support/factories/sirene.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  aStaffAccount,
  checkPage,
  logIn,
  logInHttp,
  startWebApp,
  type SessionClient,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';

const JOURNEY = 240_000;
const siret = (n: number) => withLuhnDigit(`5${String(n).padStart(8, '0')}0001`);
const BAKERY = siret(1);
const GARAGE = siret(2);
const CLOSED = siret(3);

describe('a manager loads the SIRENE files from the web application', () => {
  // The web process has no worker at first: the import waits, and its page can be looked at.
  const importDir = mkdtempSync(join(tmpdir(), 'crm-web-sirene-'));
  const dir = mkdtempSync(join(tmpdir(), 'sirene-upload-'));
  const files = {
    etablissements: join(dir, 'StockEtablissement_utf8.csv'),
    unitesLegales: join(dir, 'StockUniteLegale_utf8.csv'),
    // The establishments file without a column the import needs.
    withoutCommune: join(dir, 'StockEtablissement_sans_commune.csv'),
    // Above the 1 MB limit this test sets (SIRENE_UPLOAD_MAX_MB).
    tooLarge: join(dir, 'StockEtablissement_trop_grand.csv'),
  };
  let w: WebTestApp;
  let worker: TestApp | undefined;
  let browser: TestBrowser;
  let manager: WebUserAccount;
  let session: SessionClient;
  const http = () => request(w.t.app.getHttpServer());
  const count = async (table: string) =>
    ((await w.t.ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n;
  const uploadsLeft = () => readdirSync(importDir).filter((f) => f.endsWith('.csv'));

  beforeAll(async () => {
    writeSireneFile(files.etablissements, ETABLISSEMENT_COLUMNS, [
      anEtablissement(BAKERY, { enseigne1Etablissement: 'AU BON PAIN' }),
      anEtablissement(GARAGE, {
        activitePrincipaleEtablissement: '45.20A',
        codeCommuneEtablissement: '25560',
        codePostalEtablissement: '25220',
      }),
      anEtablissement(CLOSED, { etatAdministratifEtablissement: 'F' }),
    ]);
    writeSireneFile(files.unitesLegales, UNITE_LEGALE_COLUMNS, [
      aUniteLegale(BAKERY.slice(0, 9), { denominationUniteLegale: 'BOULANGERIE ROUX' }),
      aUniteLegale(GARAGE.slice(0, 9), { denominationUniteLegale: 'GARAGE DU DOUBS' }),
    ]);
    writeSireneFile(
      files.withoutCommune,
      ETABLISSEMENT_COLUMNS.filter((c) => c !== 'codeCommuneEtablissement'),
      [anEtablissement(BAKERY)],
    );
    writeSireneFile(
      files.tooLarge,
      ETABLISSEMENT_COLUMNS,
      Array.from({ length: 8000 }, (_, i) => anEtablissement(siret(100 + i))),
    );
    w = await startWebApp({ env: { IMPORT_DIR: importDir, SIRENE_UPLOAD_MAX_MB: '1' } });
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    session = await logInHttp(w.t, manager);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await w?.close();
  });

  it('refuses an adviser with the French 403 page, keeping no file', async () => {
    const adviser = await logInHttp(w.t, await aStaffAccount(w.t, 'adviser'));
    const page = await http().get('/prospects/sirene').set('Cookie', adviser.cookie).expect(403);
    expect(page.text).toContain('lang="fr"');
    const res = await http()
      .post('/prospects/sirene')
      .set('Cookie', adviser.cookie)
      .set('Origin', adviser.origin)
      .field('_csrf', adviser.csrf)
      .attach('etablissements', files.etablissements)
      .attach('unitesLegales', files.unitesLegales)
      .expect(403);
    expect(res.text).toContain('lang="fr"');
    expect(uploadsLeft()).toEqual([]);
    expect(await count('sirene_imports')).toBe(0);
  });

  it('refuses a form without its CSRF token (403), keeping no file', async () => {
    await http()
      .post('/prospects/sirene')
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .attach('etablissements', files.etablissements)
      .attach('unitesLegales', files.unitesLegales)
      .expect(403);
    await http()
      .post('/prospects/sirene')
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .field('_csrf', 'pas-le-bon-jeton')
      .attach('etablissements', files.etablissements)
      .attach('unitesLegales', files.unitesLegales)
      .expect(403);
    expect(uploadsLeft()).toEqual([]);
    expect(await count('sirene_imports')).toBe(0);
  });

  it('refuses files swapped or missing, in French (400), queuing nothing', async () => {
    const swapped = await http()
      .post('/prospects/sirene')
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .field('_csrf', session.csrf)
      .attach('etablissements', files.unitesLegales)
      .attach('unitesLegales', files.etablissements)
      .expect(400);
    expect(swapped.text).toContain('Le fichier des établissements ne convient pas');
    expect(swapped.text).toContain('Choisissez le fichier StockEtablissement de l’Insee.');
    const missing = await http()
      .post('/prospects/sirene')
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .field('_csrf', session.csrf)
      .attach('etablissements', files.etablissements)
      .expect(400);
    expect(missing.text).toContain('Choisissez le fichier StockUniteLegale de l’Insee (CSV).');
    expect(statSync(files.tooLarge).size).toBeGreaterThan(1_000_000);
    const tooLarge = await http()
      .post('/prospects/sirene')
      .set('Cookie', session.cookie)
      .set('Origin', session.origin)
      .field('_csrf', session.csrf)
      .attach('etablissements', files.tooLarge)
      .attach('unitesLegales', files.unitesLegales)
      .expect(400);
    expect(tooLarge.text).toContain(
      'Un fichier dépasse 1 Mo, la taille la plus grande acceptée ici.',
    );
    expect(uploadsLeft()).toEqual([]);
    expect(await count('sirene_imports')).toBe(0);
  });

  it(
    'says in French which column a file lacks, and writes nothing',
    async () => {
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.goto(`${w.baseUrl}/prospects/sirene`);
      await page
        .getByLabel('Fichier des établissements (StockEtablissement)')
        .setInputFiles(files.withoutCommune);
      await page
        .getByLabel('Fichier des unités légales (StockUniteLegale)')
        .setInputFiles(files.unitesLegales);
      await page.getByRole('button', { name: 'Envoyer et importer' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      await page
        .getByRole('alert')
        .getByText(
          'Le fichier des établissements ne convient pas : il y manque la colonne codeCommuneEtablissement.',
          { exact: false },
        )
        .waitFor();
      await checkPage(page, 'sirene-upload-refused');
      await page.close();
      expect(uploadsLeft()).toEqual([]);
      expect(await count('sirene_imports')).toBe(0);
      expect(await count('prospects')).toBe(0);
    },
    JOURNEY,
  );

  it(
    'shows a running import as the file read, rows read and kept, and a progress bar',
    async () => {
      const [{ id }] = (await w.t.ds.query(
        `INSERT INTO sirene_imports (actor_id, status, phase, bytes_read, bytes_total,
                                     establishments_read, kept, started_at)
         VALUES ($1, 'running', 'etablissements', 2500000000, 8000000000, 12345678, 4321, now())
         RETURNING id`,
        [manager.id],
      )) as { id: string }[];
      try {
        const { page } = await browser.newPage();
        await logIn(page, w.baseUrl, manager);
        await page.goto(`${w.baseUrl}/prospects/sirene/imports/${id}`);
        await page.getByRole('heading', { level: 1, name: 'Import SIRENE en cours' }).waitFor();
        await page
          .getByLabel(/^Fichier des établissements \(1 sur 2\) : 2\s500 Mo lus sur 8\s000 Mo$/)
          .waitFor();
        const counts = await page.locator('dl.summary').innerText();
        expect(counts).toMatch(/Établissements lus\s+12\s345\s678/);
        expect(counts).toMatch(
          /Établissements retenus \(employeurs actifs du territoire\)\s+4\s321/,
        );
        await checkPage(page, 'sirene-import-running');
        await page.close();
      } finally {
        await w.t.ds.query('DELETE FROM sirene_imports WHERE id = $1', [id]);
      }
    },
    JOURNEY,
  );

  it(
    'uploads both files, follows the import to its report, and finds the prospects',
    async () => {
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.getByRole('link', { name: 'Prospects', exact: true }).click();
      await page.getByText('Chargez les fichiers SIRENE de l’Insee pour le remplir.').waitFor();
      await page.getByRole('link', { name: 'Charger les fichiers SIRENE' }).click();
      await page.getByRole('heading', { level: 1, name: 'Charger les fichiers SIRENE' }).waitFor();
      await checkPage(page, 'sirene-upload');
      await page
        .getByLabel('Fichier des établissements (StockEtablissement)')
        .setInputFiles(files.etablissements);
      await page
        .getByLabel('Fichier des unités légales (StockUniteLegale)')
        .setInputFiles(files.unitesLegales);
      await page.getByRole('button', { name: 'Envoyer et importer' }).click();
      await page.waitForURL(/\/prospects\/sirene\/imports\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: 'Import SIRENE en cours' }).waitFor();
      await page.getByText('L’import attend son tour').waitFor();
      await page.getByRole('link', { name: 'Actualiser' }).waitFor();
      await checkPage(page, 'sirene-import-queued');
      // The job carries the import's id only: no file name, no establishment.
      const jobs = (await w.t.ds.query('SELECT id, status FROM sirene_imports')) as {
        id: string;
        status: string;
      }[];
      expect(jobs).toEqual([{ id: expect.any(String), status: 'queued' }]);
      expect(uploadsLeft().sort()).toEqual(
        [`${jobs[0]!.id}.etablissements.csv`, `${jobs[0]!.id}.unites-legales.csv`].sort(),
      );
      expect(await count('prospects')).toBe(0);

      // A worker process on the same database, queues and import folder.
      worker = await createTestApp({
        role: 'worker',
        database: w.t.database,
        env: { IMPORT_DIR: importDir, QUEUE_PREFIX: w.t.config.queuePrefix },
      });
      // The page's script refreshes the progress region, then shows the report in place.
      await page
        .getByRole('heading', { level: 1, name: 'Import SIRENE terminé' })
        .waitFor({ timeout: 180_000 });
      await page.getByText('Le répertoire des prospects est à jour.').waitFor();
      const report = await page.locator('dl.summary').innerText();
      expect(report).toMatch(/Établissements lus\s+3/);
      expect(report).toMatch(/Unités légales lues\s+2/);
      expect(report).toMatch(/Prospects dans le répertoire\s+2/);
      expect(report).toMatch(/Ajoutés\s+2/);
      expect(report).toMatch(/Mis à jour\s+0/);
      expect(report).toMatch(/Entreprises signalées fermées\s+0/);
      await checkPage(page, 'sirene-import-done');
      expect(uploadsLeft()).toEqual([]);

      await page.getByRole('link', { name: 'Voir les prospects' }).click();
      await page.getByRole('heading', { name: '2 établissements' }).waitFor();
      await page.getByRole('table').getByText('BOULANGERIE ROUX').waitFor();
      await page.getByRole('table').getByText('GARAGE DU DOUBS').waitFor();
      await page.close();
    },
    JOURNEY,
  );
});
