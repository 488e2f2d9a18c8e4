import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

describe('service foundation', () => {
  let t: TestApp;
  let admin: Staff;
  let adviser: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.staff('admin');
    adviser = await t.staff('adviser');
  });
  afterAll(() => t.close());

  it('answers liveness and readiness when PostgreSQL and Redis are up', async () => {
    await t.http.get('/health/live').expect(200);
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('refuses a staff route without a token, with problem+json', async () => {
    const res = await t.http.get('/api/v1/auth/me').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
  });

  it('answers 401 without a token on every staff route of the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && path !== '/api/v1/auth/login')
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({
          method,
          path: path.replace(/\{[^}]+\}/g, '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b'),
        })),
      );
    expect(routes.length).toBeGreaterThan(3);
    for (const { method, path } of routes) {
      const res = await (
        t.http as unknown as Record<string, (p: string) => Promise<{ status: number }>>
      )[method]!(path);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });

  it('refuses a tampered token', async () => {
    const tampered = `${adviser.token.slice(0, -3)}abc`;
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tampered}`).expect(401);
  });

  it('returns the current user without any password field', async () => {
    const res = await t.http.get('/api/v1/auth/me').set(adviser.auth).expect(200);
    expect(res.body).toEqual({
      id: adviser.id,
      email: adviser.email,
      displayName: 'Test adviser',
      role: 'adviser',
      active: true,
    });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@ml.example', password: 'whatever-123' })
      .expect(401);
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ email: adviser.email, password: 'whatever-123' })
      .expect(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('matches login emails case-insensitively', async () => {
    const created = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: 'Claire.Dupont@ML.example',
        displayName: 'Claire',
        role: 'manager',
        password: 'correct-horse-battery',
      })
      .expect(201);
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'claire.dupont@ml.example', password: 'correct-horse-battery' })
      .expect(200);
    const dup = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: 'claire.DUPONT@ml.example',
        displayName: 'Claire 2',
        role: 'adviser',
        password: 'correct-horse-battery',
      })
      .expect(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');
    expect(created.body).not.toHaveProperty('passwordHash');
  });

  it('forbids user management to an adviser (403)', async () => {
    await t.http.get('/api/v1/users').set(adviser.auth).expect(403);
  });

  it('rejects unknown body fields with 400 naming the field, and writes nothing', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM users');
    const res = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: 'x@ml.example',
        displayName: 'X',
        role: 'adviser',
        password: 'long-enough-pass',
        isRoot: true,
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'isRoot', message: 'unknown field' }]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('answers 400 for a malformed id and 404 for a missing one', async () => {
    const bad = await t.http
      .patch('/api/v1/users/not-a-uuid')
      .set(admin.auth)
      .send({ displayName: 'x' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    await t.http
      .patch('/api/v1/users/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b')
      .set(admin.auth)
      .send({ displayName: 'x' })
      .expect(404);
  });

  it('answers 400 problem+json for malformed JSON', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('revokes access at once when a user is deactivated, and audits it', async () => {
    const victim = await t.staff('adviser');
    await t.http.get('/api/v1/auth/me').set(victim.auth).expect(200);
    await t.http
      .patch(`/api/v1/users/${victim.id}`)
      .set(admin.auth)
      .send({ active: false })
      .expect(200);
    await t.http.get('/api/v1/auth/me').set(victim.auth).expect(401);
    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ entity: 'user', entityId: victim.id })
      .set(admin.auth)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      actorId: admin.id,
      changes: [{ field: 'active', before: true, after: false }],
    });
  });

  it('rejects a stale version with 409', async () => {
    const u = await t.staff('adviser');
    await t.http
      .patch(`/api/v1/users/${u.id}`)
      .set(admin.auth)
      .send({ displayName: 'A', version: 1 })
      .expect(200);
    const res = await t.http
      .patch(`/api/v1/users/${u.id}`)
      .set(admin.auth)
      .send({ displayName: 'B', version: 1 })
      .expect(409);
    expect(res.body.code).toBe('STALE_VERSION');
  });

  it('pages the user list with a keyset cursor, stable and complete', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
        .get('/api/v1/users')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(admin.auth)
        .expect(200);
      seen.push(...res.body.items.map((u) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const { n } = (await t.ds.query('SELECT count(*)::int AS n FROM users'))[0] as { n: number };
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('publishes the OpenAPI document and security headers', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/audit-log']),
    );
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
