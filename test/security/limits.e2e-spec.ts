import { createTestApp, type TestApp } from '../support/test-app.js';

describe('security limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('rate-limits login with 429 and a Retry-After header', async () => {
    const attempt = () =>
      t.http
        .post('/api/v1/auth/login')
        .send({ email: 'someone@ml.example', password: 'wrong-password' });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a request body over the limit with 413 problem+json', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sends no X-Powered-By and a strict Referrer-Policy on every answer, errors included', async () => {
    const res = await t.http.get('/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('answers an unknown path with a 404 problem', async () => {
    const res = await t.http.get('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
