import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
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
// Above the page's 1 MB threshold (BACKGROUND_IMPORT_BYTES): the confirmed import becomes a job.
const ROWS = 20_000;
const csv = () =>
  Buffer.from(
    `Raison sociale;Code postal\n${Array.from(
      { length: ROWS },
      (_, i) => `Entreprise importée en arrière-plan numéro ${String(i).padStart(6, '0')};25000`,
    ).join('\n')}\n`,
  );

describe('a large employer import from the browser runs as a job the page follows', () => {
  // The web process has no worker at first: the import waits, and its page can be looked at.
  const importDir = mkdtempSync(join(tmpdir(), 'crm-web-imports-'));
  let w: WebTestApp;
  let worker: TestApp | undefined;
  let browser: TestBrowser;
  let manager: WebUserAccount;
  let session: SessionClient;
  let jobPath: string;
  const http = () => request(w.t.app.getHttpServer());
  const imported = async () =>
    (
      (await w.t.ds.query(
        `SELECT count(*)::int AS n FROM employers WHERE legal_name LIKE 'Entreprise importée en arrière-plan%'`,
      )) as { n: number }[]
    )[0]!.n;

  beforeAll(async () => {
    w = await startWebApp({ env: { IMPORT_DIR: importDir } });
    manager = await aStaffAccount(w.t, 'manager', { displayName: 'Marc Direction' });
    session = await logInHttp(w.t, manager);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await w?.close();
  });

  it(
    'checks the file, then queues it and shows the waiting page instead of holding the request',
    async () => {
      const checked = await http()
        .post('/import-export/employers')
        .set('Cookie', session.cookie)
        .set('Origin', session.origin)
        .field('_csrf', session.csrf)
        .attach('file', csv(), 'grand-fichier.csv')
        .expect(200);
      expect(checked.text).toMatch(/<dt>À créer<\/dt><dd>20\s000<\/dd>/);
      const uploadId = /name="uploadId" value="([0-9a-f]{32})"/.exec(checked.text)![1]!;
      const confirmed = await http()
        .post('/import-export/employers/confirm')
        .set('Cookie', session.cookie)
        .set('Origin', session.origin)
        .type('form')
        .send({ _csrf: session.csrf, uploadId })
        .expect(303);
      jobPath = confirmed.headers.location as string;
      expect(jobPath).toMatch(/^\/import-export\/imports\/[0-9a-f-]{36}$/);
      expect(await imported()).toBe(0);

      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.goto(`${w.baseUrl}${jobPath}`);
      await page.getByRole('heading', { level: 1, name: 'Import en cours' }).waitFor();
      await page.getByText('L’import attend son tour').waitFor();
      await page.getByRole('link', { name: 'Actualiser' }).waitFor();
      await checkPage(page, 'import-queued');
      await page.close();
    },
    JOURNEY,
  );

  it('shows the job to its author only, and refuses bad ids', async () => {
    const other = await logInHttp(w.t, await aStaffAccount(w.t, 'manager'));
    const res = await http().get(jobPath).set('Cookie', other.cookie).expect(403);
    expect(res.text).toContain('lang="fr"');
    await http().get('/import-export/imports/pas-un-id').set('Cookie', session.cookie).expect(404);
    await http()
      .get('/import-export/imports/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b')
      .set('Cookie', session.cookie)
      .expect(404);
  });

  it(
    'follows the import to its report without a reload once a worker runs it',
    async () => {
      const { page } = await browser.newPage();
      await logIn(page, w.baseUrl, manager);
      await page.goto(`${w.baseUrl}${jobPath}`);
      await page.getByRole('heading', { level: 1, name: 'Import en cours' }).waitFor();
      // A worker process on the same database, queues and import folder.
      worker = await createTestApp({
        role: 'worker',
        database: w.t.database,
        env: { IMPORT_DIR: importDir, QUEUE_PREFIX: w.t.config.queuePrefix },
      });
      // The page's script refreshes the progress region, then shows the report in place.
      await page
        .getByRole('heading', { level: 1, name: 'Import terminé' })
        .waitFor({ timeout: 180_000 });
      await page.getByText('L’import est enregistré.').waitFor();
      expect(await imported()).toBe(ROWS);
      await checkPage(page, 'import-done');
      await page.close();
    },
    JOURNEY,
  );
});
