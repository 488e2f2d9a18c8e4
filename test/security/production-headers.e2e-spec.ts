import { randomBytes } from 'node:crypto';
import { hashCalendarToken } from '../../src/follow-ups/calendar.service.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { aSurveyCampaign } from '../support/factories/survey.js';

// Production settings seen from HTTP (docs/security.md): caching of personal data, API docs,
// HSTS and upgrade-insecure-requests following the public URL's scheme.
describe('production headers', () => {
  let t: TestApp;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  it('answers every staff API response, exports and errors included, with Cache-Control: no-store', async () => {
    const campaign = await aSurveyCampaign(t.ds);
    for (const path of [
      '/api/v1/employers',
      '/api/v1/employers/export',
      '/api/v1/young-people',
      '/api/v1/indicators?format=csv',
      `/api/v1/survey-campaigns/${campaign}/results?format=csv`,
      '/api/v1/nowhere',
    ]) {
      const res = await t.http.get(path).set(manager.auth);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
    }
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'x@y.fr', password: 'z' });
    expect(login.headers['cache-control']).toBe('no-store');
  });

  it("keeps the public board's max-age and stores no adviser calendar", async () => {
    const offers = await t.http.get('/public/job-offers').expect(200);
    expect(offers.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const token = randomBytes(32).toString('base64url');
    await t.ds.query('INSERT INTO calendar_tokens (user_id, token_hash) VALUES ($1, $2)', [
      manager.id,
      hashCalendarToken(token),
    ]);
    const feed = await t.http.get(`/calendar/${token}.ics`).expect(200);
    expect(feed.headers['cache-control']).toBe('no-store');
  });

  it('sends HSTS and upgrade-insecure-requests behind an https public URL, and serves the docs outside production', async () => {
    const res = await t.http.get('/api/v1/nowhere');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    await t.http.get('/docs-json').expect(200);
  });

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64url'),
    };

    it('hides /docs and /docs-json, and on an http test rig sends neither HSTS nor upgrade-insecure-requests', async () => {
      const rig = await createTestApp({
        database: t.database,
        env: {
          ...production,
          PUBLIC_BASE_URL: 'http://localhost:8080',
          ALLOW_HTTP_PUBLIC_URL: 'true',
        },
      });
      try {
        await rig.http.get('/docs-json').expect(404);
        await rig.http.get('/docs').expect(404);
        const res = await rig.http.get('/api/v1/nowhere');
        expect(res.headers['strict-transport-security']).toBeUndefined();
        expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      } finally {
        await rig.close();
      }
    });

    it('serves the docs when API_DOCS=true', async () => {
      const open = await createTestApp({
        database: t.database,
        env: { ...production, API_DOCS: 'true' },
      });
      try {
        const doc = await open.http.get('/docs-json').expect(200);
        expect(doc.body.openapi).toMatch(/^3\./);
      } finally {
        await open.close();
      }
    });
  });
});
