import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aStaffAccount, cookieValue, hiddenCsrf } from '../support/web.js';

// Issue 14, item 6: login limits per client address and per account, counted in Redis so that
// every API replica sees the same counters; the client address comes from X-Forwarded-For only
// behind a trusted proxy (TRUST_PROXY).

const email = () => `nobody-${randomBytes(4).toString('hex')}@ml.example`;

describe('login limits shared by two API replicas', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = {
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
      QUEUE_PREFIX: `crmt-limits-${randomBytes(4).toString('hex')}`,
    };
    a = await createTestApp({ env });
    b = await createTestApp({ env, database: a.database });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts the attempts made on either replica together', async () => {
    const attempt = (t: TestApp) =>
      t.http.post('/api/v1/auth/login').send({ email: email(), password: 'mauvais-mot-de-passe' });
    expect((await attempt(a)).status).toBe(401);
    expect((await attempt(b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(401);
    const limited = await attempt(b);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('per-account login limit behind a trusted proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        TRUST_PROXY: '1',
        RATE_LIMIT_LOGIN_PER_MINUTE: '3',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '4',
      },
    });
  });
  afterAll(() => t.close());

  let ip = 0;
  const fromNewAddress = () => `203.0.113.${++ip}`;
  const attempt = (who: string, password = 'mauvais-mot-de-passe', from = fromNewAddress()) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email: who, password });

  it('limits the client address given by the proxy, not the proxy itself', async () => {
    const from = fromNewAddress();
    for (let i = 0; i < 3; i++) expect((await attempt(email(), undefined, from)).status).toBe(401);
    expect((await attempt(email(), undefined, from)).status).toBe(429);
    // Another client behind the same proxy is not affected.
    expect((await attempt(email())).status).toBe(401);
  });

  it('limits one account tried from many addresses, with the same answer whether it exists or not', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const ghost = email();
    const answers: Record<string, { status: number; body: unknown; retryAfter: boolean }[]> = {};
    for (const who of [user.email, ghost]) {
      answers[who] = [];
      for (let i = 0; i < 5; i++) {
        const res = await attempt(i % 2 ? who.toUpperCase() : who);
        answers[who]!.push({
          status: res.status,
          body: res.body,
          retryAfter: Number(res.headers['retry-after']) > 0,
        });
      }
    }
    expect(answers[user.email]!.map((r) => r.status)).toEqual([401, 401, 401, 401, 429]);
    expect(answers[user.email]).toEqual(answers[ghost]);
    expect(answers[ghost]![4]!.retryAfter).toBe(true);
    // Even the right password waits: the limit does not tell a right guess from a wrong one.
    expect((await attempt(user.email, user.password)).status).toBe(429);
    // Other accounts log in as usual.
    const other = await aStaffAccount(t, 'adviser');
    expect((await attempt(other.email, other.password)).status).toBe(200);
  });

  it('applies the same limits to the web login form, with a French page', async () => {
    const server = t.app.getHttpServer();
    const target = email();
    const origin = new URL(t.config.publicBaseUrl).origin;
    let last: request.Response | undefined;
    for (let i = 0; i < 5; i++) {
      const from = fromNewAddress();
      const form = await request(server).get('/login').set('X-Forwarded-For', from).expect(200);
      last = await request(server)
        .post('/login')
        .set('X-Forwarded-For', from)
        .set('Origin', origin)
        .set('Cookie', cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!)
        .type('form')
        .send({ _csrf: hiddenCsrf(form.text), email: target, password: 'mauvais-mot-de-passe' });
      if (i < 4) expect(last.status).toBe(401);
    }
    expect(last!.status).toBe(429);
    expect(last!.text).toContain('Trop de tentatives');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(60);
    // The API's login and the form share the account's counter.
    expect((await attempt(target)).status).toBe(429);
  });
});
