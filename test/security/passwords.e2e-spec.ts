import request from 'supertest';
import { PASSWORD_MESSAGES } from '../../src/auth/password-policy.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp } from '../support/web.js';

// Issue 14, item 7: one password rule for user creation and password changes, API and web.
describe('password rules', () => {
  let t: TestApp;
  let admin: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.staff('admin');
  });
  afterAll(() => t.close());

  const users = async () =>
    (await t.ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users'))[0]!.n;
  const create = (password: string, email = 'jeanne.dupont@ml.example') =>
    t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email, displayName: 'Jeanne Dupont', role: 'adviser', password });

  it.each([
    ['too short', 'Az9!kq2#', PASSWORD_MESSAGES.tooShort],
    ['only spaces', ' '.repeat(14), PASSWORD_MESSAGES.blank],
    ['a common password', 'motdepasse123', PASSWORD_MESSAGES.guessable],
    ['a keyboard row', 'azertyuiopqsdf', PASSWORD_MESSAGES.guessable],
    ['a French word and digits', 'bonjour123456', PASSWORD_MESSAGES.guessable],
    ['the account’s own email', 'jeanne.dupont2026', PASSWORD_MESSAGES.guessable],
    ['the account’s own name', 'Jeanne Dupont 75', PASSWORD_MESSAGES.guessable],
  ])(
    'refuses %s on creation: 400 naming the field, in French, nothing written',
    async (_, pw, msg) => {
      const before = await users();
      const res = await create(pw).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'password', message: msg }]);
      expect(await users()).toBe(before);
    },
  );

  it('accepts a long passphrase', async () => {
    await create('cheval agrafe batterie 4812', 'jeanne.ok@ml.example').expect(201);
  });

  it('refuses a guessable password change and keeps the old password and tokens', async () => {
    const user = await aStaffAccount(t, 'adviser', { displayName: 'Paul Girard' });
    const token = (
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200)
    ).body.accessToken as string;
    const res = await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.auth)
      .send({ password: 'paulgirard2026' })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'password', message: PASSWORD_MESSAGES.guessable }]);
    await t.http
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(200);
  });

  it('the web admin form shows the same French message, and creates nothing', async () => {
    const webAdmin = await aStaffAccount(t, 'admin');
    const s = await logInHttp(t, webAdmin);
    const before = await users();
    const res = await request(t.app.getHttpServer())
      .post('/admin/users')
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send({
        _csrf: s.csrf,
        email: 'ines.nouvelle@ml.example',
        displayName: 'Inès Nouvelle',
        role: 'adviser',
        password: 'motdepasse2026',
      })
      .expect(400);
    expect(res.text).toContain('Ce mot de passe est trop facile à deviner');
    expect(res.text).not.toContain('motdepasse2026');
    expect(await users()).toBe(before);
  });

  it('the web admin password form applies the same rule, then ends the account’s sessions', async () => {
    const webAdmin = await aStaffAccount(t, 'admin');
    const s = await logInHttp(t, webAdmin);
    const user = await aStaffAccount(t, 'adviser', { displayName: 'Hugo Bernard' });
    const theirs = await logInHttp(t, user);
    const server = t.app.getHttpServer();
    const change = (newPassword: string) =>
      request(server)
        .post('/admin/users/password')
        .set('Cookie', s.cookie)
        .set('Origin', s.origin)
        .type('form')
        .send({ _csrf: s.csrf, user: user.id, newPassword });

    const weak = await change('hugobernard75').expect(400);
    expect(weak.text).toContain(PASSWORD_MESSAGES.guessable);
    expect(weak.text).not.toContain('hugobernard75');
    expect((await change('').expect(400)).text).toContain('Saisissez le nouveau mot de passe.');
    await request(server).get('/').set('Cookie', theirs.cookie).expect(200);

    await change('cheval agrafe batterie 4816').expect(303);
    await request(server).get('/').set('Cookie', theirs.cookie).expect(303);
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'cheval agrafe batterie 4816' })
      .expect(200);
  });
});
