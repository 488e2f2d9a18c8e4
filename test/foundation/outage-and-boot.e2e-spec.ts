import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, PrivatePostgres } from '../support/private-postgres.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('PostgreSQL outage', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let adviser: Staff;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: pg.url('crm') },
      stdio: 'ignore',
    });
    t = await createTestApp({ databaseUrl: pg.url('crm') });
    adviser = await t.staff('adviser');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  it('answers clean 503s while the database is down and recovers by itself', async () => {
    await t.http.get('/health/ready').expect(200);
    await pg.stop();

    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.database.status).toBe('down');

    const api = await t.http.get('/api/v1/auth/me').set(adviser.auth);
    expect(api.status).toBe(503);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.headers['retry-after']).toBe('5');
    expect(JSON.stringify(api.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);

    await pg.start();
    await eventually(async () => (await t.http.get('/health/ready')).status === 200, 20_000);
    await eventually(
      async () => (await t.http.get('/api/v1/auth/me').set(adviser.auth)).status === 200,
      20_000,
    );
  }, 60_000);
});

describe('boot with bad configuration', () => {
  const boot = async (env: Record<string, string>) => {
    try {
      await run(process.execPath, ['dist/src/main.js'], {
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
        timeout: 20_000,
      });
      return { code: 0, stderr: '' };
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  };

  it('prints one line naming PORT and exits non-zero for PORT=abc', async () => {
    const { code, stderr } = await boot({ PORT: 'abc' });
    expect(code).not.toBe(0);
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => l.trim().startsWith('PORT'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT: must be a whole number/);
  });

  it('prints one line and exits non-zero for a malformed DATABASE_URL', async () => {
    const { code, stderr } = await boot({ DATABASE_URL: 'mysql://localhost/crm' });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/DATABASE_URL: must be a URL \(postgres: or postgresql:\)/);
  });

  it('prints one line and exits non-zero when the database cannot be reached', async () => {
    const { code, stderr } = await boot({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/crm`,
      PORT: String(await freePort()),
    });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^cannot use the database at 127\.0\.0\.1:\d+\/crm: ECONNREFUSED/);
  });
});
