import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from '../support/private-postgres.js';
import { cloneDatabase } from '../support/test-app.js';
import { databaseUrl, REDIS_URL, runId } from '../support/env.js';

const CLIENTS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

/**
 * 50 concurrent clients mixing reads and writes for 60 s against the real service (a separate
 * process, production mode) on the `ml` dataset: no 5xx, and every acknowledged write is in the
 * database afterwards.
 */
describe('load', () => {
  let service: ChildProcess;
  let base: string;
  let url: string;

  beforeAll(async () => {
    url = databaseUrl(await cloneDatabase());
    execFileSync(process.execPath, ['dist/src/cli/seed.js', '--scale', 'ml', '--seed', '3'], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: url,
        REDIS_URL,
        QUEUE_PREFIX: `crmt-${runId()}-load`,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        // Required in production; the API role of this test sends no mail.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        PUBLIC_BASE_URL: 'https://crm.test',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '10000000',
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 120; i++) {
      if (
        await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('service did not start');
  }, 180_000);

  afterAll(() => {
    service?.kill('SIGTERM');
  });

  it(
    'serves 50 concurrent clients for a minute with no 5xx and no lost write',
    async () => {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const advisers = (
        await db.query(`SELECT email FROM users WHERE role = 'adviser' ORDER BY email`)
      ).rows as { email: string }[];
      const employers = (
        await db.query(
          `SELECT id, legal_name FROM employers WHERE status <> 'archived' ORDER BY id LIMIT 500`,
        )
      ).rows as { id: string; legal_name: string }[];
      const tokens: string[] = [];
      for (const a of advisers.slice(0, 5)) {
        const res = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: a.email, password: 'demo-mission-locale' }),
        });
        tokens.push(((await res.json()) as { accessToken: string }).accessToken);
      }

      const acknowledged: string[] = [];
      const statuses = new Map<number, number>();
      let i = 0;
      const deadline = Date.now() + SECONDS * 1000;
      const client = async (n: number) => {
        const token = tokens[n % tokens.length]!;
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        while (Date.now() < deadline) {
          const e = employers[i++ % employers.length]!;
          const kind = i % 10;
          let res: Response;
          if (kind < 3) {
            res = await fetch(`${base}/api/v1/employers/${e.id}/interactions`, {
              method: 'POST',
              headers,
              body: JSON.stringify({
                type: 'phone',
                direction: 'outbound',
                occurredAt: new Date(Date.now() - 60_000).toISOString(),
                subject: `Appel charge ${n}-${i}`,
              }),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
            else await res.arrayBuffer();
          } else {
            const path = [
              `/api/v1/employers?q=${encodeURIComponent(e.legal_name.slice(0, 5))}`,
              `/api/v1/employers/${e.id}/timeline`,
              '/api/v1/me/agenda',
              '/public/job-offers',
              `/api/v1/employers/${e.id}`,
            ][kind % 5]!;
            res = await fetch(`${base}${path}`, { headers });
            await res.arrayBuffer();
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));

      const fiveHundreds = [...statuses]
        .filter(([s]) => s >= 500)
        .reduce((sum, [, c]) => sum + c, 0);
      expect({ fiveHundreds, statuses: Object.fromEntries(statuses) }).toMatchObject({
        fiveHundreds: 0,
      });
      expect(acknowledged.length).toBeGreaterThan(100);
      const found = (
        await db.query('SELECT count(*)::int AS n FROM interactions WHERE id = ANY($1::uuid[])', [
          acknowledged,
        ])
      ).rows[0] as { n: number };
      expect(found.n).toBe(acknowledged.length);
      await db.end();
    },
    (SECONDS + 60) * 1000,
  );
});
