import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { readRoutingMiddleware, ReadReplicas } from '../../src/database/read-replicas.js';
import { eventually } from '../jobs/queue-helpers.js';
import { anEmployer } from '../support/factories/employer.js';
import { aPublishedOffer } from '../support/factories/job-offer.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

interface ReplicaHealth {
  replica: number;
  status: 'up' | 'down';
  standby: boolean | null;
  lagSeconds: number | null;
}

/**
 * A real streaming replica (ADR 1610): a private primary, a second cluster copied from it with
 * `pg_basebackup -R` and started as a hot standby on its own port, and the application given it
 * in DATABASE_REPLICA_URLS. Routing is proved by pausing WAL replay on the replica: what is
 * written afterwards is on the primary only, so a read that shows it came from the primary and
 * a read that does not came from the replica.
 */
describe('read replica (streaming standby)', () => {
  let primary: PrivatePostgres;
  let replica: PrivatePostgres;
  let standby: pg.Client;
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  const names = async (q: string): Promise<string[]> => {
    const res = await t.http.get('/api/v1/employers').query({ q }).set(adviser.auth).expect(200);
    return (res.body as { items: { legalName: string }[] }).items.map((e) => e.legalName);
  };
  const publicTitles = async (): Promise<string[]> => {
    const res = await t.http.get('/public/job-offers').query({ limit: 100 }).expect(200);
    return (res.body as { items: { title: string }[] }).items.map((o) => o.title);
  };
  const exportCsv = async (): Promise<string> => {
    const res = await t.http
      .get('/api/v1/employers/export')
      .set(manager.auth)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    return res.body as string;
  };
  const replicaHealth = async (): Promise<{ status: string; replicas: ReplicaHealth[] }> => {
    const res = await t.http.get('/health/ready').expect(200);
    const body = res.body as {
      status: string;
      details: { replicas: { replicas: ReplicaHealth[] } };
    };
    return { status: body.status, replicas: body.details.replicas.replicas };
  };
  /** Where a read routed by ReadReplicas ran, in a request of this method: true on the replica. */
  const where = (method: string, sql = 'SELECT pg_is_in_recovery() AS r') =>
    new Promise<boolean>((resolve, reject) =>
      readRoutingMiddleware({ method }, undefined, () => {
        t.get(ReadReplicas)
          .query<{ r: boolean }[]>(sql)
          .then((rows) => resolve(rows[0]!.r), reject);
      }),
    );
  const replayed = async (name: string) => (await names(name)).includes(name);
  const pauseReplay = async () => {
    await standby.query('SELECT pg_wal_replay_pause()');
    await eventually(async () => {
      const { rows } = await standby.query<{ s: string }>(
        'SELECT pg_get_wal_replay_pause_state() AS s',
      );
      return rows[0]!.s === 'paused';
    });
  };

  beforeAll(async () => {
    primary = await PrivatePostgres.create();
    execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: primary.url('crm') },
      stdio: 'ignore',
    });
    // Copied after the database exists (a base backup copies the whole cluster anyway).
    replica = await PrivatePostgres.replicaOf(primary);
    standby = new pg.Client({ connectionString: replica.url('crm') });
    await standby.connect();
    t = await createTestApp({
      databaseUrl: primary.url('crm'),
      env: { DATABASE_REPLICA_URLS: replica.url('crm') },
    });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  }, 120_000);

  afterAll(async () => {
    await standby?.end().catch(() => undefined);
    await t?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('is a hot standby streaming from the primary, and /health/ready reports it caught up', async () => {
    const { rows } = await standby.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    expect(rows[0]!.r).toBe(true);
    const health = await eventually(async () => {
      const h = await replicaHealth();
      return h.replicas[0]?.lagSeconds === 0 && h;
    }, 20_000);
    expect(health.status).toBe('ok');
    expect(health.replicas).toEqual([{ replica: 1, status: 'up', standby: true, lagSeconds: 0 }]);
  });

  it('GET requests read from the replica, other methods from the primary', async () => {
    const reads = t.get(ReadReplicas);
    expect(await where('GET')).toBe(true);
    expect(await where('HEAD')).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(await where(method)).toBe(false);
    // Outside any request (jobs, CLIs): the primary.
    const [outside] = await reads.query<{ r: boolean }[]>('SELECT pg_is_in_recovery() AS r');
    expect(outside!.r).toBe(false);
  });

  it('lists, search, exports and public pages come from the replica; writes and their reads from the primary', async () => {
    const before = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ legalName: 'Menuiserie Avant Pause' })
      .expect(201);
    await eventually(() => replayed('Menuiserie Avant Pause'), 20_000, 'the replica to replay');

    await pauseReplay();

    // The write answers with what it wrote: read on the primary in the same request.
    const during = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({ legalName: 'Menuiserie Pendant Pause' })
      .expect(201);
    expect(during.body.legalName).toBe('Menuiserie Pendant Pause');
    const offer = await aPublishedOffer(t.ds, before.body.id, new Date(), {
      title: 'Menuisier poseur pendant la pause',
    });

    // The replica has not replayed them: the search, the list, the export and the public
    // offers do not show them...
    expect(await names('Menuiserie')).toEqual(['Menuiserie Avant Pause']);
    const csv = await exportCsv();
    expect(csv).toContain('Menuiserie Avant Pause');
    expect(csv).not.toContain('Menuiserie Pendant Pause');
    expect(await publicTitles()).not.toContain('Menuisier poseur pendant la pause');
    // ...while the reads that stay on the primary do.
    await t.http.get(`/api/v1/employers/${during.body.id}`).set(adviser.auth).expect(200);
    const staffOffer = await t.http
      .get(`/api/v1/job-offers/${offer}`)
      .set(adviser.auth)
      .expect(200);
    expect(staffOffer.body.title).toBe('Menuisier poseur pendant la pause');

    // The lag is reported while replay is paused.
    const paused = await replicaHealth();
    expect(paused.replicas[0]!.status).toBe('up');
    expect(paused.replicas[0]!.lagSeconds).toBeGreaterThan(0);

    await standby.query('SELECT pg_wal_replay_resume()');
    await eventually(() => replayed('Menuiserie Pendant Pause'), 20_000, 'replay to resume');
    expect(await publicTitles()).toContain('Menuisier poseur pendant la pause');
    expect(await exportCsv()).toContain('Menuiserie Pendant Pause');
  }, 60_000);

  it('keeps answering from the primary while the replica is down, and uses it again after', async () => {
    // A read in flight on the replica when it stops is answered by the primary.
    const inFlight = where('GET', 'SELECT pg_is_in_recovery() AS r, pg_sleep(3)');
    await eventually(async () => {
      const { rows } = await standby.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()`,
      );
      return rows[0]!.n > 0;
    });
    await standby.end();
    await replica.stop();
    expect(await inFlight).toBe(false);

    // Written while the replica is down: only the primary can show it.
    const employer = await anEmployer(t.ds, { legal_name: 'Charpente Pendant Panne' });
    expect(await names('Charpente')).toEqual(['Charpente Pendant Panne']);
    expect(await names('Charpente')).toEqual(['Charpente Pendant Panne']);
    expect(await exportCsv()).toContain('Charpente Pendant Panne');
    await aPublishedOffer(t.ds, employer, new Date(), { title: 'Charpentier pendant la panne' });
    expect(await publicTitles()).toContain('Charpentier pendant la panne');
    await t.http.get('/api/v1/indicators').set(manager.auth).expect(200);
    await t.http.get('/offres').expect(200);

    // Degraded, not unready: the primary serves every read.
    const down = await replicaHealth();
    expect(down.status).toBe('degraded');
    expect(down.replicas).toEqual([
      { replica: 1, status: 'down', standby: null, lagSeconds: null },
    ]);

    await replica.start();
    standby = new pg.Client({ connectionString: replica.url('crm') });
    await standby.connect();
    const back = await eventually(async () => {
      const h = await replicaHealth();
      return h.replicas[0]?.status === 'up' && h.replicas[0].lagSeconds === 0 && h;
    }, 30_000);
    expect(back.status).toBe('ok');

    // Serving reads again: paused, it hides a new write from the list.
    await pauseReplay();
    await anEmployer(t.ds, { legal_name: 'Charpente Après Retour' });
    await eventually(
      async () => {
        const seen = await names('Charpente');
        return !seen.includes('Charpente Après Retour') && seen.includes('Charpente Pendant Panne');
      },
      10_000,
      'reads to go back to the replica',
    );
    await standby.query('SELECT pg_wal_replay_resume()');
  }, 90_000);
});
