import { execFileSync } from 'node:child_process';
import { eventually, sleep } from '../jobs/queue-helpers.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

interface Write {
  kind: 'employer' | 'interaction';
  marker: string;
  status: number;
  id?: string;
  contentType?: string;
  at: number;
}

/**
 * PostgreSQL stopped and started again while writers keep going: clean 503 problem+json during
 * the outage (never a 500), full recovery after, and nothing half-written — every acknowledged
 * write is in the database with its audit row, and no row exists without its audit row.
 */
describe('PostgreSQL restarted while writes flow', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let adviser: Staff;
  let employerId: string;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: pg.url('crm') },
      stdio: 'ignore',
    });
    t = await createTestApp({ databaseUrl: pg.url('crm') });
    adviser = await t.staff('adviser');
    const e = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ legalName: 'Employeur de référence' })
      .expect(201);
    employerId = e.body.id;
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  it('answers 503 during the outage, recovers, and loses or half-writes nothing', async () => {
    const writes: Write[] = [];
    let running = true;
    let n = 0;
    const writer = async (w: number) => {
      while (running) {
        const i = n++;
        const marker = `Panne ${w}-${i}`;
        const kind = i % 2 === 0 ? 'employer' : 'interaction';
        const res =
          kind === 'employer'
            ? await t.http.post('/api/v1/employers').set(adviser.auth).send({ legalName: marker })
            : await t.http
                .post(`/api/v1/employers/${employerId}/interactions`)
                .set(adviser.auth)
                .send({
                  type: 'phone',
                  direction: 'outbound',
                  occurredAt: new Date(Date.now() - 60_000).toISOString(),
                  subject: marker,
                });
        writes.push({
          kind,
          marker,
          status: res.status,
          id: res.status === 201 ? (res.body as { id: string }).id : undefined,
          contentType: res.headers['content-type'],
          at: Date.now(),
        });
        if (res.status !== 201) await sleep(50);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);

    await sleep(1500);
    const stoppedAt = Date.now();
    await pg.stop();
    await sleep(3000);
    await pg.start();
    const restartedAt = Date.now();
    // Recovery: the pool reconnects by itself; wait for writes to succeed again, then keep going.
    await eventually(
      async () => writes.some((w) => w.at > restartedAt && w.status === 201),
      20_000,
      'a successful write after the restart',
    );
    await sleep(1500);
    running = false;
    await Promise.all(writers);

    const statuses = [...new Set(writes.map((w) => w.status))].sort();
    expect(statuses).toEqual([201, 503]);
    for (const w of writes.filter((x) => x.status === 503))
      expect(w.contentType).toMatch(/^application\/problem\+json/);
    // Writes before the stop succeeded, and the last ones after the restart all did.
    expect(writes.filter((w) => w.at < stoppedAt && w.status === 201).length).toBeGreaterThan(0);
    const tail = writes.slice(-8);
    expect(tail.map((w) => w.status)).toEqual(tail.map(() => 201));

    // Every acknowledged write is there, each with its audit row (same transaction).
    const rows = (await t.ds.query(
      `SELECT 'employer' AS kind, e.id, e.legal_name AS marker,
              (SELECT count(*)::int FROM audit_log a WHERE a.entity = 'employer' AND a.entity_id = e.id) AS audits
         FROM employers e WHERE e.legal_name LIKE 'Panne %'
       UNION ALL
       SELECT 'interaction', i.id, i.subject,
              (SELECT count(*)::int FROM audit_log a WHERE a.entity = 'interaction' AND a.entity_id = i.id)
         FROM interactions i WHERE i.subject LIKE 'Panne %'`,
    )) as { kind: string; id: string; marker: string; audits: number }[];
    const stored = new Map(rows.map((r) => [r.marker, r]));
    const acknowledged = writes.filter((w) => w.status === 201);
    expect(acknowledged.filter((w) => stored.get(w.marker)?.id !== w.id)).toEqual([]);
    // No row without its audit row, no duplicate, and nothing from a request answered 503 but
    // with half its rows: a failed request left either nothing or a complete write.
    expect(rows.filter((r) => r.audits !== 1)).toEqual([]);
    expect(stored.size).toBe(rows.length);
    const failed = writes.filter((w) => w.status === 503);
    expect(failed.length).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(rows.length).toBeLessThanOrEqual(acknowledged.length + failed.length);
  }, 90_000);
});
