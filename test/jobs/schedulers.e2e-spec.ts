import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Job } from 'bullmq';
import { SMTPServer } from 'smtp-server';
import { JobSchedulersService } from '../../src/jobs/job-schedulers.service.js';
import { MailOutbox } from '../../src/mail/mail-outbox.service.js';
import { QUEUES, QUEUE_NAMES } from '../../src/queue/queue.constants.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { cloneDatabase, createTestApp, type TestApp } from '../support/test-app.js';
import { eventually, flushQueueKeys, queueOf, sleep } from './queue-helpers.js';

/**
 * The real schedules fire on five-minute boundaries (sweep, digest, retention); around one, an
 * occurrence is briefly both running and followed by the next delayed job. Count away from them.
 */
async function awayFromScheduleBoundary(): Promise<void> {
  const into = Date.now() % 300_000;
  if (into < 3_000) await sleep(3_000 - into);
  else if (into > 292_000) await sleep(303_000 - into);
}

const schedulerIds = async (t: TestApp, queue: (typeof QUEUE_NAMES)[number]) =>
  (await queueOf(t, queue).getJobSchedulers()).map((s) => s.key).sort();

describe('job schedulers in one process', () => {
  let first: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ role: 'all' });
  });
  afterAll(() => first.close());

  it('registers each schedule once, in Europe/Paris time', async () => {
    const digest = (await queueOf(first, QUEUES.reminders).getJobSchedulers())[0];
    expect(digest).toMatchObject({
      key: 'adviser-digest',
      name: 'adviser-digest',
      pattern: '30 7 * * 1-5',
      tz: 'Europe/Paris',
    });
    // The next occurrence is a weekday at 07:30 in Paris.
    const next = new Date(digest!.next!);
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(next);
    expect(paris).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 07:30$/);
    expect(await schedulerIds(first, QUEUES.maintenance)).toEqual([
      'offer-expiry',
      'retention',
      'sweep',
    ]);
    expect(await schedulerIds(first, QUEUES.surveys)).toEqual([
      'survey-close',
      'survey-reminders',
      'survey-yearly',
    ]);
  });

  it('keeps one scheduler and one pending occurrence per schedule when more workers start', async () => {
    const second = await createTestApp({
      role: 'all',
      database: first.database,
      smtp: first.smtp,
      env: { QUEUE_PREFIX: first.config.queuePrefix },
    });
    try {
      expect(await schedulerIds(first, QUEUES.reminders)).toEqual(['adviser-digest']);
      expect(await schedulerIds(first, QUEUES.maintenance)).toEqual([
        'offer-expiry',
        'retention',
        'sweep',
      ]);
      await awayFromScheduleBoundary();
      expect(await queueOf(first, QUEUES.maintenance).getDelayedCount()).toBe(3);
      expect(await queueOf(first, QUEUES.surveys).getDelayedCount()).toBe(3);
      expect(await queueOf(first, QUEUES.reminders).getDelayedCount()).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('puts the schedules back when Redis lost them (the periodic re-assertion)', async () => {
    await flushQueueKeys(first.config.queuePrefix);
    expect(await schedulerIds(first, QUEUES.maintenance)).toEqual([]);
    await first.get(JobSchedulersService).register();
    expect(await schedulerIds(first, QUEUES.reminders)).toEqual(['adviser-digest']);
    expect(await schedulerIds(first, QUEUES.maintenance)).toEqual([
      'offer-expiry',
      'retention',
      'sweep',
    ]);
  });

  it('lets a running send finish when the application shuts down', async () => {
    // An SMTP server that takes its time: the mail is mid-send when close() is called.
    let started = false;
    const received: string[] = [];
    const slow = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, cb) => {
        started = true;
        stream.resume();
        stream.on('end', () =>
          setTimeout(() => {
            received.push(session.envelope.rcptTo[0]!.address);
            cb();
          }, 1500),
        );
      },
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const port = (slow.server.address() as { port: number }).port;
    const app = await createTestApp({
      role: 'all',
      database: first.database,
      smtp: first.smtp,
      env: {
        QUEUE_PREFIX: `${first.config.queuePrefix}-stop`,
        JOB_SCHEDULES: 'false',
        SMTP_URL: `smtp://127.0.0.1:${port}`,
      },
    });
    try {
      const outbox = app.get(MailOutbox);
      const id = await app.ds.transaction((m) =>
        outbox.enqueue(m, {
          idempotencyKey: 'shutdown-test',
          recipient: 'slow@example.org',
          template: 'test',
          subject: 'Lent',
          html: '<p>Lent</p>',
          text: 'Lent',
        }),
      );
      await outbox.dispatch([id]);
      await eventually(async () => started, 5000, 'the send to start');
    } finally {
      await app.close();
    }
    // close() returned only after the send completed and its row was marked.
    expect(received).toEqual(['slow@example.org']);
    const rows = (await first.ds.query(
      `SELECT status, attempts FROM outbound_emails WHERE idempotency_key = 'shutdown-test'`,
    )) as { status: string; attempts: number }[];
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it('starts no worker and registers no schedule in the API role', async () => {
    const api = await createTestApp({ role: 'api' });
    try {
      for (const q of QUEUE_NAMES) {
        expect(await queueOf(api, q).getJobSchedulersCount()).toBe(0);
        expect(await queueOf(api, q).getWorkersCount()).toBe(0);
      }
    } finally {
      await api.close();
    }
  });
});

interface Proc {
  child: ChildProcess;
  output: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function start(env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { child, output };
}

const waitForLine = (p: Proc, pattern: RegExp, timeoutMs = 20_000) =>
  eventually(
    async () => pattern.test(p.output.join('')),
    timeoutMs,
    `${pattern} in ${p.output.join('')}`,
  );

/** How the process ended: Nest re-raises SIGTERM after its shutdown hooks ran. */
const exitOf = (p: Proc) =>
  new Promise<string>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null)
      return resolve(String(p.child.exitCode ?? p.child.signalCode));
    p.child.once('exit', (code, signal) => resolve(String(code ?? signal)));
  });

describe('two worker processes and one API process', () => {
  let helper: TestApp;
  let smtp: SmtpSink;
  const procs: Proc[] = [];

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    const database = await cloneDatabase();
    // The test's own handle on the same database and queues, without workers.
    helper = await createTestApp({ role: 'api', database, smtp });
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test' as const,
      DATABASE_URL: helper.config.databaseUrl,
      DB_MIGRATE_ON_BOOT: 'false',
      DB_POOL_SIZE: '3',
      REDIS_URL: helper.config.redisUrl,
      QUEUE_PREFIX: helper.config.queuePrefix,
      SMTP_URL: smtp.url,
      JWT_SECRET: 'a-test-secret-that-is-long-enough-1234',
      LOG_LEVEL: 'info',
    };
    procs.push(start({ ...env, APP_ROLE: 'worker' }), start({ ...env, APP_ROLE: 'worker' }));
    procs.push(start({ ...env, APP_ROLE: 'api', PORT: String(await freePort()) }));
    // Three Nest processes booting at once on two cores: give them time.
    await Promise.all([
      waitForLine(procs[0]!, /worker started/, 60_000),
      waitForLine(procs[1]!, /worker started/, 60_000),
      waitForLine(procs[2]!, /listening on :\d+ \(role api\)/, 60_000),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await helper.close();
    await smtp.stop();
  });

  it('registers every schedule once, and only the workers take jobs', async () => {
    for (const p of procs.slice(0, 2))
      expect(p.output.join('')).toContain(
        'job schedulers registered: adviser-digest, sweep, retention',
      );
    expect(procs[2]!.output.join('')).not.toContain('job schedulers registered');
    expect(await schedulerIds(helper, QUEUES.reminders)).toEqual(['adviser-digest']);
    expect(await schedulerIds(helper, QUEUES.maintenance)).toEqual([
      'offer-expiry',
      'retention',
      'sweep',
    ]);
    await awayFromScheduleBoundary();
    expect(await queueOf(helper, QUEUES.maintenance).getDelayedCount()).toBe(3);
    expect(await queueOf(helper, QUEUES.surveys).getDelayedCount()).toBe(3);
    for (const q of QUEUE_NAMES) expect(await queueOf(helper, q).getWorkersCount()).toBe(2);
  });

  it('runs each occurrence of a schedule once, across both workers', async () => {
    const maintenance = queueOf(helper, QUEUES.maintenance);
    await maintenance.upsertJobScheduler('test-tick', { every: 200 }, { name: 'ping' });
    await sleep(4000);
    await maintenance.removeJobScheduler('test-tick');
    await sleep(500);
    const jobs = (await maintenance.getCompleted(0, -1)).filter((j) => j.name === 'ping') as Job[];
    expect(jobs.length).toBeGreaterThanOrEqual(10);
    // One job per occurrence (distinct scheduled times), each processed a single time.
    const times = jobs.map((j) => j.timestamp);
    expect(new Set(times).size).toBe(jobs.length);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    for (const j of jobs) expect(j.attemptsStarted ?? 1).toBe(1);
    expect(await maintenance.getFailedCount()).toBe(0);
    const pids = new Set(jobs.map((j) => j.processedBy?.split('-').pop()));
    const workerPids = procs.slice(0, 2).map((p) => String(p.child.pid));
    for (const pid of pids) expect(workerPids).toContain(pid);
  });

  it('stops every process cleanly on SIGTERM', async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    const ends = await Promise.all(procs.map(exitOf));
    expect(ends).toEqual(['SIGTERM', 'SIGTERM', 'SIGTERM']);
    // The workers went through their shutdown hooks (closing workers, then connections).
    for (const p of procs.slice(0, 2)) expect(p.output.join('')).not.toMatch(/"level":50/);
  }, 30_000);
});
