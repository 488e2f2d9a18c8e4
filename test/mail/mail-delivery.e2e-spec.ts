import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service.js';
import { MailOutbox, type OutboundMessage } from '../../src/mail/mail-outbox.service.js';
import { MailTransport } from '../../src/mail/mail.transport.js';
import { SweepService } from '../../src/jobs/sweep.service.js';
import { QUEUES } from '../../src/queue/queue.constants.js';
import { cliEnv, eventually, flushQueueKeys, queueOf, sleep } from '../jobs/queue-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const exec = promisify(execFile);

interface EmailRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  message_id: string;
  provider_message_id: string | null;
  params: unknown;
  purged_at: Date | null;
  sent_at: Date | null;
}

describe('mail delivery (real Redis, real SMTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      role: 'all',
      env: { JOB_SCHEDULES: 'false', MAIL_RATE_PER_SECOND: '500' },
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.smtp.releaseAnswers();
    t.smtp.respond(() => null);
    t.smtp.clear();
  });

  const address = () => `dest-${randomBytes(4).toString('hex')}@example.org`;

  function message(recipient: string, over: Partial<OutboundMessage> = {}): OutboundMessage {
    return {
      idempotencyKey: `test-${randomBytes(6).toString('hex')}`,
      recipient,
      template: 'test',
      subject: 'Objet du message',
      html: '<p>Bonjour</p>',
      text: 'Bonjour',
      ...over,
    };
  }

  /** Writes the outbox row as a business transaction would; dispatches unless told not to. */
  async function enqueue(msg: OutboundMessage, dispatch = true): Promise<string> {
    const outbox = t.get(MailOutbox);
    const id = await t.ds.transaction((m) => outbox.enqueue(m, msg));
    if (!id) throw new Error('not enqueued');
    if (dispatch) await outbox.dispatch([id]);
    return id;
  }

  const row = async (id: string): Promise<EmailRow> =>
    ((await t.ds.query('SELECT * FROM outbound_emails WHERE id = $1', [id])) as EmailRow[])[0]!;

  it('limits the send rate in Redis, for every worker process of the queue together', async () => {
    // MAIL_RATE_PER_SECOND is the mail queue's global rate limit, kept in Redis, which every
    // worker checks before taking a job — not a throttle inside one process (ADR 1611).
    const limit = await eventually(() => queueOf(t, QUEUES.mail).getGlobalRateLimit());
    expect(limit).toEqual({ max: 500, duration: 1000 });
  });

  it('sends with the stored Message-ID and headers, marks the row sent, and purges a secret body', async () => {
    const to = address();
    const id = await enqueue(
      message(to, {
        headers: { 'List-Unsubscribe': '<https://crm.test/s/unsubscribe/abc>' },
        purgeOnSend: true,
      }),
    );
    const [received] = await t.smtp.waitFor(1);
    const sent = await eventually(async () => {
      const r = await row(id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(received!.envelopeTo).toEqual([to]);
    expect(received!.parsed.subject).toBe('Objet du message');
    expect(received!.parsed.messageId).toBe(sent.message_id);
    expect(received!.raw).toMatch(
      /^List-Unsubscribe: <https:\/\/crm\.test\/s\/unsubscribe\/abc>\r?$/m,
    );
    expect(sent).toMatchObject({ attempts: 1, last_error: null, params: null });
    expect(sent.purged_at).toBeInstanceOf(Date);
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sent.provider_message_id).toBeTruthy();
  });

  it('retries an SMTP 451 with backoff and delivers exactly once', async () => {
    const to = address();
    let answers = 0;
    t.smtp.respond((rcpt) =>
      rcpt === to && answers++ === 0
        ? { code: 451, message: '4.7.1 Greylisted, try again later' }
        : null,
    );
    const id = await enqueue(message(to));
    const deferred = await eventually(async () => {
      const r = await row(id);
      return r.attempts === 1 ? r : undefined;
    });
    expect(deferred).toMatchObject({ status: 'pending' });
    expect(deferred.last_error).toMatch(/451/);

    await t.smtp.waitFor(1, 15_000);
    const sent = await eventually(async () => {
      const r = await row(id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(sent).toMatchObject({ attempts: 2, last_error: null });
    await sleep(1500);
    expect(t.smtp.to(to)).toHaveLength(1);
  });

  it('does not retry an SMTP 550: the mail fails and the address is suppressed from later mailings', async () => {
    const to = address();
    const mixedCase = to.replace(/^dest/, 'Dest');
    t.smtp.respond((rcpt) =>
      rcpt.toLowerCase() === to ? { code: 550, message: '5.1.1 No such user here' } : null,
    );
    // Written earlier, not yet sent: the bounce must stop it too.
    const waiting = await enqueue(message(to), false);
    const id = await enqueue(message(mixedCase));

    const failed = await eventually(async () => {
      const r = await row(id);
      return r.status === 'failed' ? r : undefined;
    });
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/550/);
    // The suppression is written right after the row is marked failed, in its own transaction.
    await eventually(async () => ((await row(waiting)).status === 'suppressed' ? true : undefined));
    expect(
      await t.ds.query('SELECT email FROM suppressed_addresses WHERE email = $1', [to]),
    ).toEqual([{ email: to }]);

    // A later mailing to the address is written as suppressed and never queued.
    const later = await t.ds.transaction((m) => t.get(MailOutbox).enqueue(m, message(to)));
    expect(later).toBeNull();
    await sleep(2500); // longer than the first retry delay: a retry would have happened by now
    expect(t.smtp.to(to)).toHaveLength(0);
    expect(t.smtp.to(mixedCase)).toHaveLength(0);
    expect((await row(id)).attempts).toBe(1);
  });

  it('gives up after the last attempt on a 4xx without suppressing the address', async () => {
    const to = address();
    t.smtp.respond((rcpt) => (rcpt === to ? { code: 452, message: '4.2.2 Mailbox full' } : null));
    const id = await enqueue(message(to), false);
    const outcome = await t.get(MailDeliveryService).deliver(id, { finalAttempt: true });
    expect(outcome).toEqual({ status: 'failed', detail: expect.stringMatching(/^SMTP 452/) });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await t.ds.query('SELECT 1 FROM suppressed_addresses WHERE email = $1', [to])).toEqual(
      [],
    );
  });

  it('never sends one row twice, even when two deliveries race', async () => {
    const to = address();
    const id = await enqueue(message(to), false);
    const delivery = t.get(MailDeliveryService);
    const outcomes = await Promise.all([
      delivery.deliver(id, { finalAttempt: false }),
      delivery.deliver(id, { finalAttempt: false }),
      delivery.deliver(id, { finalAttempt: false }),
    ]);
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(2);
    await t.smtp.waitFor(1);
    await sleep(300);
    expect(t.smtp.to(to)).toHaveLength(1);
  });

  it('holds no row lock and no open transaction while the relay has the message (claim, send, record)', async () => {
    const to = address();
    const id = await enqueue(message(to), false);
    // The relay receives DATA and keeps its answer: the SMTP exchange is under way.
    t.smtp.holdAnswers();
    const sending = t.get(MailDeliveryService).deliver(id, { finalAttempt: false });
    await eventually(async () => t.smtp.held >= 1, 10_000, 'the relay holding its answer');

    // The claim is committed: another session sees `sending` and can lock and update the row
    // at once (NOWAIT fails if any lock is held on it).
    const other = t.ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      const locked = (await other.query(
        'SELECT status, claim_token FROM outbound_emails WHERE id = $1 FOR UPDATE NOWAIT',
        [id],
      )) as { status: string; claim_token: string | null }[];
      expect(locked).toEqual([{ status: 'sending', claim_token: expect.any(String) }]);
      await other.query('UPDATE outbound_emails SET updated_at = now() WHERE id = $1', [id]);
      await other.commitTransaction();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    // Nor does any session of the test database sit in an open transaction meanwhile.
    expect(
      await t.ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      ),
    ).toEqual([{ n: 0 }]);

    t.smtp.releaseAnswers();
    expect(await sending).toMatchObject({ status: 'sent' });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(t.smtp.to(to)).toHaveLength(1);
  });

  it('a sender dead between the relay accepting and the record: not resent during the lease, then resent once with the same Message-ID', async () => {
    const to = address();
    const id = await enqueue(message(to), false);
    const delivery = t.get(MailDeliveryService);
    // Steps 1 and 2 of a delivery whose process then dies: claimed, accepted by the relay,
    // never recorded.
    const claim = await delivery.claim(id);
    if (claim.status !== 'claimed') throw new Error(`not claimed: ${claim.status}`);
    await t.get(MailTransport).send({
      to,
      subject: claim.mail.params.subject,
      text: claim.mail.params.text,
      html: claim.mail.params.html,
      messageId: claim.mail.messageId,
    });
    await t.smtp.waitFor(1);
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 0 });

    // Within the lease (MAIL_SEND_LEASE_SECONDS) nothing sends it again: a direct delivery
    // skips it, the sweep leaves it, and its mail job delays itself until the lease ends.
    expect(await delivery.deliver(id, { finalAttempt: false })).toMatchObject({
      status: 'skipped',
      reason: 'in-flight',
    });
    await t.ds.query(
      `UPDATE outbound_emails SET created_at = created_at - interval '1 minute' WHERE id = $1`,
      [id],
    );
    expect(await t.get(SweepService).run()).toMatchObject({ mailsRequeued: 0 });
    await t.get(MailOutbox).dispatch([id]);
    const job = (await queueOf(t, QUEUES.mail).getJob(`mail-${id}`))!;
    await eventually(async () => (await job.getState()) === 'delayed', 10_000, 'a delayed job');
    await sleep(500);
    expect(t.smtp.to(to)).toHaveLength(1);

    // The lease has run out: the sweep finds the row, the job claims it again and sends it with
    // the same Message-ID (at least once: the recipient's client sees one message id twice).
    await t.ds.query(
      `UPDATE outbound_emails SET claimed_at = claimed_at - make_interval(secs => $2 + 1) WHERE id = $1`,
      [id, t.config.mailSendLeaseSeconds],
    );
    expect(await t.get(SweepService).run()).toMatchObject({ pendingMails: 1 });
    await job.promote();
    await t.smtp.waitFor(2);
    const sent = await eventually(async () => {
      const r = await row(id);
      return r.status === 'sent' ? r : undefined;
    });
    expect(sent).toMatchObject({ attempts: 1, last_error: null });
    const copies = t.smtp.to(to);
    expect(copies).toHaveLength(2);
    expect(copies.map((c) => c.parsed.messageId)).toEqual([sent.message_id, sent.message_id]);
    await sleep(500);
    expect(t.smtp.to(to)).toHaveLength(2);
  });

  it('re-queues a pending mail whose job Redis holds as already finished', async () => {
    const to = address();
    const id = await enqueue(message(to), false);
    // Another session holds the row, so the job finds it busy and completes without sending.
    const holder = t.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT id FROM outbound_emails WHERE id = $1 FOR UPDATE', [id]);
    const job = await queueOf(t, QUEUES.mail).add('send', { emailId: id }, { jobId: `mail-${id}` });
    await eventually(async () => (await job.getState()) === 'completed');
    expect((await queueOf(t, QUEUES.mail).getJob(job.id!))!.returnvalue).toEqual({
      status: 'skipped',
      reason: 'busy',
    });
    await holder.rollbackTransaction();
    await holder.release();

    await t.ds.query(
      `UPDATE outbound_emails SET created_at = created_at - interval '1 minute' WHERE id = $1`,
      [id],
    );
    expect(await t.get(SweepService).run()).toMatchObject({ mailsRequeued: 1 });
    await t.smtp.waitFor(1);
    await eventually(async () => (await row(id)).status === 'sent');
    expect(t.smtp.to(to)).toHaveLength(1);
  });

  it('loses nothing when Redis loses its jobs: the sweep (npm run jobs -- sweep) delivers every pending mail exactly once', async () => {
    // Three mails whose dispatch never happened (process died after commit) and two whose jobs
    // were queued and are being retried when Redis is flushed.
    const recipients = [address(), address(), address(), address(), address()];
    const failing = new Set(recipients.slice(3));
    t.smtp.respond((rcpt) => (failing.has(rcpt) ? { code: 421, message: 'try later' } : null));
    const ids = [
      ...(await Promise.all(recipients.slice(0, 3).map((r) => enqueue(message(r), false)))),
      ...(await Promise.all(recipients.slice(3).map((r) => enqueue(message(r))))),
    ];
    await eventually(async () => {
      const rows = (await t.ds.query(
        'SELECT count(*)::int AS n FROM outbound_emails WHERE id = ANY($1) AND attempts >= 1',
        [ids.slice(3)],
      )) as { n: number }[];
      return rows[0]!.n === 2;
    });

    expect(await flushQueueKeys(t.config.queuePrefix)).toBeGreaterThan(0);
    t.smtp.respond(() => null);
    // The sweep leaves very recent rows to the request that is dispatching them.
    await t.ds.query(
      `UPDATE outbound_emails SET created_at = created_at - interval '1 minute' WHERE id = ANY($1)`,
      [ids],
    );
    const { stdout } = await exec(process.execPath, ['dist/src/cli/jobs.js', 'sweep'], {
      env: cliEnv(t),
    });
    expect(JSON.parse(stdout)).toMatchObject({ job: 'sweep', result: { mailsRequeued: 5 } });

    await t.smtp.waitFor(5, 15_000);
    await eventually(async () => {
      const rows = (await t.ds.query(
        `SELECT count(*)::int AS n FROM outbound_emails WHERE id = ANY($1) AND status = 'sent'`,
        [ids],
      )) as { n: number }[];
      return rows[0]!.n === 5;
    });
    // A second sweep finds nothing to do, and nothing arrives twice.
    const again = await exec(process.execPath, ['dist/src/cli/jobs.js', 'sweep'], {
      env: cliEnv(t),
    });
    expect(JSON.parse(again.stdout)).toMatchObject({
      result: { mailsRequeued: 0, pendingMails: 0 },
    });
    await sleep(2500);
    for (const r of recipients) expect(t.smtp.to(r)).toHaveLength(1);
    expect(t.smtp.messages).toHaveLength(5);
  });
});

describe('a claimed mail waiting for an SMTP connection (ADR 1613, claim before the wait)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // One connection, a 10 s lease: a claimed mail waits for the connection at most 2.5 s.
    t = await createTestApp({
      role: 'all',
      env: {
        JOB_SCHEDULES: 'false',
        MAIL_RATE_PER_SECOND: '500',
        MAIL_SMTP_CONNECTIONS: '1',
        MAIL_SEND_LEASE_SECONDS: '10',
      },
    });
  });
  afterAll(() => t.close());

  async function enqueue(recipient: string): Promise<string> {
    const id = await t.ds.transaction((m) =>
      t.get(MailOutbox).enqueue(m, {
        idempotencyKey: `wait-${randomBytes(6).toString('hex')}`,
        recipient,
        template: 'test',
        subject: 'Objet',
        html: '<p>Bonjour</p>',
        text: 'Bonjour',
      }),
    );
    if (!id) throw new Error('not enqueued');
    return id;
  }

  const status = async (id: string) =>
    (
      (await t.ds.query(
        'SELECT status, attempts, claim_token, claimed_at FROM outbound_emails WHERE id = $1',
        [id],
      )) as { status: string; attempts: number; claim_token: string | null; claimed_at: Date }[]
    )[0]!;

  it('is claimed while the connection is busy, handed back unsent after a quarter of its lease, then sent once by its job', async () => {
    const first = `first-${randomBytes(4).toString('hex')}@example.org`;
    const second = `second-${randomBytes(4).toString('hex')}@example.org`;
    const a = await enqueue(first);
    const b = await enqueue(second);
    // The only connection: the relay holds its answer to the first mail.
    t.smtp.holdAnswers();
    const sendingA = t.get(MailDeliveryService).deliver(a, { finalAttempt: false });
    await eventually(async () => t.smtp.held >= 1, 10_000, 'the relay holding its answer');

    // The second mail's job claims it at once, then waits for the connection.
    await t.get(MailOutbox).dispatch([b]);
    await eventually(async () => (await status(b)).status === 'sending', 10_000, 'b claimed');
    await sleep(3000);
    const [{ now: released }] = (await t.ds.query('SELECT now() AS now')) as { now: Date }[];
    t.smtp.releaseAnswers();
    expect(await sendingA).toMatchObject({ status: 'sent' });

    // Past 2.5 s of waiting, the claim was handed back (not an attempt), and the job, delayed,
    // claimed it again and sent it: one copy, one attempt.
    const sent = await eventually(async () => {
      const r = await status(b);
      return r.status === 'sent' ? r : undefined;
    }, 15_000);
    expect(sent).toMatchObject({ attempts: 1, claim_token: null });
    expect(sent.claimed_at.getTime()).toBeGreaterThanOrEqual(released.getTime());
    await sleep(300);
    expect(t.smtp.to(first)).toHaveLength(1);
    expect(t.smtp.to(second)).toHaveLength(1);
  }, 30_000);
});
