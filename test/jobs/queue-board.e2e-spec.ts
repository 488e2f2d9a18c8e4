import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

describe('queue dashboard at /admin/queues', () => {
  let t: TestApp;
  let admin: Staff;

  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    admin = await t.staff('admin');
  });
  afterAll(() => t.close());

  it('refuses a request without a token with 401 problem+json', async () => {
    const res = await t.http.get('/admin/queues').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    await t.http.get('/admin/queues/api/queues').expect(401);
  });

  it('refuses a tampered token', async () => {
    await t.http
      .get('/admin/queues')
      .set('Authorization', `Bearer ${admin.token.slice(0, -3)}abc`)
      .expect(401);
  });

  it('refuses advisers and managers with 403', async () => {
    for (const role of ['adviser', 'manager'] as const) {
      const staff = await t.staff(role);
      const res = await t.http.get('/admin/queues').set(staff.auth).expect(403);
      expect(res.body.detail).toBe('The queue dashboard needs the admin role');
    }
  });

  it('serves the board to an admin, and its API through the path-scoped cookie', async () => {
    const page = await t.http.get('/admin/queues').set(admin.auth).expect(200);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(
      /^crm_queues=[^;]+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure/,
    );

    const api = await t.http
      .get('/admin/queues/api/queues')
      .set('Cookie', cookie.split(';')[0]!)
      .expect(200);
    const names = (api.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['imports', 'mail', 'maintenance', 'reminders', 'surveys']);
  });

  it('stops serving an admin who has been deactivated', async () => {
    const other = await t.staff('admin');
    await t.http.get('/admin/queues').set(other.auth).expect(200);
    await t.http
      .patch(`/api/v1/users/${other.id}`)
      .set(admin.auth)
      .send({ active: false })
      .expect(200);
    await t.http.get('/admin/queues').set(other.auth).expect(401);
  });
});
