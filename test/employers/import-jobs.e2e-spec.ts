import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmployerImportJobsService } from '../../src/employers/employer-import-jobs.service.js';
import { eventually } from '../jobs/queue-helpers.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';

const HEADER =
  "SIRET;Raison sociale;Enseigne;Code NAF;Tranche d'effectif;Adresse;Code postal;Code commune INSEE;Statut;Origine;Étiquettes;QPV";

const ROWS = 1_203; // three batches of 500 and a partial one

interface ImportView {
  id: string;
  status: string;
  rowsTotal: number | null;
  rowsRead: number;
  totals: { created: number; updated: number; unchanged: number; rejected: number };
  rows: { line: number; outcome: string; errors: { field: string }[] }[];
  rowsOmitted: number;
  error: { code: string; detail: string } | null;
  finishedAt: string | null;
}

describe('employer import as a background job', () => {
  let t: TestApp;
  let manager: Staff;
  let otherManager: Staff;
  let adviser: Staff;
  let admin: Staff;

  beforeAll(async () => {
    // API and worker in one process: the worker of this app takes the import job.
    t = await createTestApp({ role: 'all', env: { JOB_SCHEDULES: 'false' } });
    manager = await t.staff('manager');
    otherManager = await t.staff('manager');
    adviser = await t.staff('adviser');
    admin = await t.staff('admin');
  }, 60_000);
  afterAll(() => t.close());

  const upload = (csv: string, query: string, who: Staff = manager) =>
    t.http
      .post(`/api/v1/employers/import${query}`)
      .set(who.auth)
      .attach('file', Buffer.from(csv, 'utf8'), {
        filename: 'employeurs.csv',
        contentType: 'text/csv',
      });

  const view = async (id: string, who: Staff = manager) =>
    (await t.http.get(`/api/v1/employers/imports/${id}`).set(who.auth).expect(200))
      .body as ImportView;

  const settled = (id: string) =>
    eventually(
      async () => {
        const v = await view(id);
        return v.status === 'done' || v.status === 'failed' ? v : undefined;
      },
      90_000,
      `import ${id}`,
    );

  it('answers 202 at once, then the worker imports the file through the same row pipeline', async () => {
    const existingSiret = aSiret();
    await anEmployer(t.ds, {
      siret: existingSiret,
      siren: existingSiret.slice(0, 9),
      legal_name: 'Ancien Nom',
    });
    const sirets = new Set<string>([existingSiret]);
    while (sirets.size < ROWS) sirets.add(aSiret());
    const created = [...sirets].slice(1);
    const lines = [
      `\ufeff${HEADER}`,
      `${existingSiret};Nouveau Nom;;;;;;;prospect;autre;;non`,
      ...created.map((s, i) => `${s};Entreprise ${i};;;;;;;prospect;autre;;non`),
      '73282932000075;Numéro faux;;;;;;;prospect;autre;;non',
      `${aSiret()};Statut inconnu;;;;;;;client;autre;;non`,
    ];
    const res = await upload(lines.join('\r\n'), '?async=true').expect(202);
    const { id, status } = res.body as { id: string; status: string };
    expect(status).toBe('queued');
    expect(res.headers.location).toBe(`/api/v1/employers/imports/${id}`);
    // The payload carries the import's id only; the file waits in IMPORT_DIR, not in Redis.
    const job = await t.app
      .get<import('bullmq').Queue>((await import('@nestjs/bullmq')).getQueueToken('imports'), {
        strict: false,
      })
      .getJob(`employer-import-${id}`);
    expect(job?.data).toEqual({ importId: id });

    const done = await settled(id);
    expect(done).toMatchObject({
      status: 'done',
      rowsTotal: ROWS + 2,
      rowsRead: ROWS + 2,
      totals: { created: ROWS - 1, updated: 1, unchanged: 0, rejected: 2 },
      rowsOmitted: 0,
      error: null,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(done.rows.map((r) => [r.line, r.errors[0]?.field])).toEqual([
      [ROWS + 2, 'SIRET'],
      [ROWS + 3, 'Statut'],
    ]);
    const [{ n }] = (await t.ds.query(
      'SELECT count(*)::int AS n FROM employers WHERE siret = ANY($1)',
      [created],
    )) as { n: number }[];
    expect(n).toBe(ROWS - 1);
    const [renamed] = (await t.ds.query('SELECT legal_name FROM employers WHERE siret = $1', [
      existingSiret,
    ])) as { legal_name: string }[];
    expect(renamed!.legal_name).toBe('Nouveau Nom');
    // The file is deleted once the import is over.
    expect(readdirSync(t.config.importDir)).toEqual([]);
    // Its author and an admin may follow it; an admin sees the same report.
    expect((await view(id, admin)).totals).toEqual(done.totals);
  }, 120_000);

  it('records a file refused whole as a failed import, with the same error a direct import gives', async () => {
    const res = await upload('Couleur;Taille\r\nA;B\r\n', '?async=true').expect(202);
    const failed = await settled((res.body as { id: string }).id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('VALIDATION_FAILED');
    expect(failed.totals).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 0 });
    expect(readdirSync(t.config.importDir)).toEqual([]);
  }, 120_000);

  it('404 for an unknown import, 403 for another manager and for an adviser', async () => {
    const res = await upload(`${HEADER}\r\n`, '?async=true').expect(202);
    const { id } = res.body as { id: string };
    await settled(id);
    await t.http
      .get('/api/v1/employers/imports/7a1c2f3e-0b4d-4e5f-8a9b-0c1d2e3f4a5b')
      .set(manager.auth)
      .expect(404);
    await t.http.get(`/api/v1/employers/imports/${id}`).set(otherManager.auth).expect(403);
    await t.http.get(`/api/v1/employers/imports/${id}`).set(adviser.auth).expect(403);
    await t.http.get('/api/v1/employers/imports/nope').set(manager.auth).expect(400);
  }, 120_000);

  describe('a job handed back after a worker died mid-import', () => {
    const stalled = async (atomic: boolean, csv: string) => {
      const [{ id }] = (await t.ds.query(
        `INSERT INTO employer_imports (status, actor_id, format, dry_run, atomic, rows_read, created, started_at)
         VALUES ('running', $1, 'csv', false, $2, 500, 500, now()) RETURNING id`,
        [manager.id, atomic],
      )) as { id: string }[];
      await writeFile(join(t.config.importDir, `${id}.upload`), csv);
      return id!;
    };
    const service = () => t.get(EmployerImportJobsService);

    it('non-atomic: stops as interrupted rather than create rows without SIRET twice', async () => {
      const csv = `${HEADER}\r\n;Sans SIRET;;;;;;;prospect;autre;;non\r\n`;
      const id = await stalled(false, csv);
      expect(await service().run(id)).toEqual({ importId: id, status: 'failed' });
      const v = await view(id);
      expect(v.error?.code).toBe('IMPORT_INTERRUPTED');
      const [{ n }] = (await t.ds.query(
        "SELECT count(*)::int AS n FROM employers WHERE legal_name = 'Sans SIRET'",
      )) as { n: number }[];
      expect(n).toBe(0);
      expect(existsSync(join(t.config.importDir, `${id}.upload`))).toBe(false);
    });

    it('atomic: nothing was committed, so it runs again from the start', async () => {
      const siret = aSiret();
      const id = await stalled(true, `${HEADER}\r\n${siret};Reprise;;;;;;;prospect;autre;;non\r\n`);
      expect(await service().run(id)).toEqual({ importId: id, status: 'done' });
      const v = await view(id);
      expect(v.totals).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
      expect(v.rowsRead).toBe(1);
      // A second delivery of the same job finds it over and does nothing.
      expect(await service().run(id)).toEqual({ importId: id, status: 'done' });
      const [{ n }] = (await t.ds.query(
        'SELECT count(*)::int AS n FROM employers WHERE siret = $1',
        [siret],
      )) as { n: number }[];
      expect(n).toBe(1);
    });
  });
});
