// Mail throughput: a survey campaign for 10,000 employers through the real service (API + worker,
// outbox, BullMQ, pooled SMTP) into an in-process SMTP sink, against the floor of nodemailer
// sending the same messages over the same kind of pooled connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { hashPassword } from '../src/auth/passwords.js';

export interface MailBenchResult {
  invitations: number;
  serviceSeconds: number;
  serviceRate: number;
  floorSeconds: number;
  floorRate: number;
  ratio: number;
}

const EMPLOYERS = Number(process.env.BENCH_MAIL_EMPLOYERS ?? 10_000);

function sink(): Promise<{
  server: SMTPServer;
  port: number;
  count: () => number;
  sample: () => string;
}> {
  let n = 0;
  let first = '';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        n++;
        if (!first) first = Buffer.concat(chunks).toString('utf8');
        cb();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        port: (server.server.address() as { port: number }).port,
        count: () => n,
        sample: () => first,
      }),
    ),
  );
}

async function prepare(url: string): Promise<{ email: string; password: string }> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'ignore',
  });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const password = randomBytes(12).toString('base64url');
  const email = 'direction.bench@example.org';
  await c.query(
    `INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, 'Bench', 'manager', $2)`,
    [email, await hashPassword(password)],
  );
  const [{ id: author }] = (await c.query(`SELECT id FROM users WHERE email = $1`, [email]))
    .rows as { id: string }[];
  // Employers active in the last 12 months, each with a survey contact: the whole audience.
  await c.query(
    `WITH e AS (
       INSERT INTO employers (legal_name, status, source)
       SELECT 'Entreprise ' || g, 'partner', 'outreach' FROM generate_series(1, $1) g RETURNING id, legal_name)
     , c AS (INSERT INTO contact_persons (employer_id, first_name, last_name, email, is_primary, survey_recipient)
       SELECT id, 'Contact', legal_name, 'contact+' || replace(legal_name, ' ', '') || '@example.org', true, true FROM e)
     INSERT INTO interactions (employer_id, author_id, type, direction, occurred_at, subject)
     SELECT id, $2, 'phone', 'outbound', now() - interval '30 days', 'Appel' FROM e`,
    [EMPLOYERS, author],
  );
  await c.end();
  return { email, password };
}

async function waitReady(base: string): Promise<void> {
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
  throw new Error('service not ready');
}

export async function mailBench(dbUrl: string, port: number): Promise<MailBenchResult> {
  const account = await prepare(dbUrl);
  const s = await sink();
  const service: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: dbUrl,
      QUEUE_PREFIX: `benchmail-${Date.now()}`,
      SMTP_URL: `smtp://127.0.0.1:${s.port}`,
      MAIL_RATE_PER_SECOND: '10000',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      PUBLIC_BASE_URL: 'https://crm.bench.example',
      LOG_LEVEL: 'warn',
      JOB_SCHEDULES: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base);
    const login = (await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(account),
      })
    ).json()) as { accessToken: string };
    const headers = {
      authorization: `Bearer ${login.accessToken}`,
      'content-type': 'application/json',
    };
    const campaign = (await (
      await fetch(`${base}/api/v1/survey-campaigns`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ year: new Date().getUTCFullYear() - 1 }),
      })
    ).json()) as { id: string };
    const started = performance.now();
    const launch = await fetch(`${base}/api/v1/survey-campaigns/${campaign.id}/launch`, {
      method: 'POST',
      headers,
    });
    if (!launch.ok) throw new Error(`launch: ${launch.status} ${await launch.text()}`);
    const deadline = Date.now() + 10 * 60_000;
    while (s.count() < EMPLOYERS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const serviceSeconds = (performance.now() - started) / 1000;
    const invitations = s.count();

    // Floor: the same message, nodemailer's pooled SMTP transport, as fast as it goes.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: s.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 3,
    });
    const raw = s.sample();
    const floorStart = performance.now();
    const before = s.count();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < EMPLOYERS) {
          const i = next++;
          await transport.sendMail({
            envelope: { from: 'bench@example.org', to: [`floor${i}@example.org`] },
            raw,
          });
        }
      }),
    );
    const floorSeconds = (performance.now() - floorStart) / 1000;
    transport.close();
    if (s.count() - before !== EMPLOYERS) throw new Error('floor lost messages');
    const serviceRate = invitations / serviceSeconds;
    const floorRate = EMPLOYERS / floorSeconds;
    return {
      invitations,
      serviceSeconds: Math.round(serviceSeconds * 10) / 10,
      serviceRate: Math.round(serviceRate),
      floorSeconds: Math.round(floorSeconds * 10) / 10,
      floorRate: Math.round(floorRate),
      ratio: Math.round((serviceRate / floorRate) * 100) / 100,
    };
  } finally {
    await new Promise<void>((resolve) => {
      if (service.exitCode !== null) return resolve();
      service.once('exit', () => resolve());
      service.kill('SIGTERM');
    });
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
  }
}
