import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { type AccessClaims } from '../../src/auth/access-tokens.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp, type WebUserAccount } from '../support/web.js';

// Issue 14, item 5: password change, deactivation, reactivation and logout revoke tokens,
// web sessions and calendar links (ADR 1420).
describe('token revocation', () => {
  let t: TestApp;
  let admin: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.staff('admin');
  });
  afterAll(() => t.close());

  const me = (token: string) =>
    t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${token}` });
  const login = async (email: string, password: string) =>
    (await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200)).body
      .accessToken as string;
  const patchUser = (id: string, body: object) =>
    t.http.patch(`/api/v1/users/${id}`).set(admin.auth).send(body).expect(200);

  it('a password change refuses every earlier token, to the millisecond, and not later ones', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const before = await login(user.email, user.password);
    const alsoBefore = await login(user.email, user.password);
    await me(before).expect(200);
    const newPassword = 'cheval agrafe batterie 4812';
    await patchUser(user.id, { password: newPassword });
    // Issued within the same second as the change, before it: still refused.
    await me(before).expect(401);
    await me(alsoBefore).expect(401);
    const after = await login(user.email, newPassword);
    await me(after).expect(200);

    // Compared to the millisecond: a token issued 1 ms before the change is refused, one issued
    // at the instant of the change is accepted, though both carry the same whole second.
    const [row] = await t.ds.query<{ ms: string }[]>(
      `SELECT (extract(epoch FROM tokens_valid_after) * 1000)::bigint::text AS ms FROM users WHERE id = $1`,
      [user.id],
    );
    const changedAt = Number(row!.ms);
    const jwt = t.get(JwtService);
    const signed = (ms: number) =>
      jwt.signAsync({ sub: user.id, role: 'adviser', jti: randomUUID(), iat: ms / 1000 });
    await me(await signed(changedAt - 1)).expect(401);
    await me(await signed(changedAt)).expect(200);
  });

  it('deactivation and reactivation each refuse the tokens issued before them', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const token = await login(user.email, user.password);
    await patchUser(user.id, { active: false });
    await me(token).expect(401);
    await patchUser(user.id, { active: true });
    // Back in service, the token issued before the deactivation stays dead.
    await me(token).expect(401);
    await me(await login(user.email, user.password)).expect(200);
  });

  it('a role change alone revokes nothing', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const token = await login(user.email, user.password);
    await patchUser(user.id, { role: 'manager' });
    await me(token).expect(200);
  });

  it('POST /auth/logout answers 204 and revokes the presented token only', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const a = await login(user.email, user.password);
    const b = await login(user.email, user.password);
    await t.http
      .post('/api/v1/auth/logout')
      .set({ Authorization: `Bearer ${a}` })
      .expect(204);
    await me(a).expect(401);
    await me(b).expect(200);
    // The denylist entry lives as long as the token would have, no longer.
    const claims = t.get(JwtService).decode<AccessClaims>(a);
    const redis = new Redis(t.config.redisUrl);
    try {
      const ttl = await redis.pttl(`${t.config.queuePrefix}:jwt-revoked:${claims.jti}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(claims.exp * 1000 - Date.now() + 1000);
    } finally {
      redis.disconnect();
    }
    await t.http
      .post('/api/v1/auth/logout')
      .set({ Authorization: `Bearer ${a}` })
      .expect(401);
    await t.http.post('/api/v1/auth/logout').expect(401);
  });

  describe('web sessions', () => {
    async function pageStatus(cookie: string) {
      return request(t.app.getHttpServer()).get('/me/calendar').set('Cookie', cookie);
    }

    it('end on a password change and on a deactivation (redirected to the login page)', async () => {
      const changing: WebUserAccount = await aStaffAccount(t, 'adviser');
      const leaving: WebUserAccount = await aStaffAccount(t, 'adviser');
      const s1 = await logInHttp(t, changing);
      const s2 = await logInHttp(t, leaving);
      expect((await pageStatus(s1.cookie)).status).toBe(200);
      await patchUser(changing.id, { password: 'cheval agrafe batterie 4813' });
      await patchUser(leaving.id, { active: false });
      for (const s of [s1, s2]) {
        const res = await pageStatus(s.cookie);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/login?next=%2Fme%2Fcalendar');
      }
      // A new session after the change works.
      const again = await logInHttp(t, { ...changing, password: 'cheval agrafe batterie 4813' });
      expect((await pageStatus(again.cookie)).status).toBe(200);
    });
  });

  describe('calendar URL', () => {
    const calendarRows = (userId: string) =>
      t.ds.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM calendar_tokens WHERE user_id = $1)::int
              + (SELECT count(*) FROM audit_log WHERE entity = 'calendar_token' AND entity_id = $1)::int AS n`,
        [userId],
      );

    it('GET changes nothing; POST rotates (201); a password change kills the link', async () => {
      const user = await aStaffAccount(t, 'adviser');
      const auth = { Authorization: `Bearer ${await login(user.email, user.password)}` };
      const none = await t.http.get('/api/v1/me/calendar-url').set(auth).expect(200);
      expect(none.body).toEqual({ url: null, createdAt: null });
      await t.http.get('/api/v1/me/calendar-url').set(auth).expect(200);
      expect(await calendarRows(user.id)).toEqual([{ n: 0 }]);

      const made = await t.http.post('/api/v1/me/calendar-url').set(auth).expect(201);
      const url = made.body.url as string;
      expect(url).toMatch(/^https:\/\/crm\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const shown = await t.http.get('/api/v1/me/calendar-url').set(auth).expect(200);
      expect(shown.body).toEqual({ url: null, createdAt: made.body.createdAt });
      expect(typeof made.body.createdAt).toBe('string');
      await t.http.get(new URL(url).pathname).expect(200);

      await patchUser(user.id, { password: 'cheval agrafe batterie 4814' });
      await t.http.get(new URL(url).pathname).expect(404);
      const auth2 = {
        Authorization: `Bearer ${await login(user.email, 'cheval agrafe batterie 4814')}`,
      };
      const after = await t.http.get('/api/v1/me/calendar-url').set(auth2).expect(200);
      expect(after.body).toEqual({ url: null, createdAt: null });
      const audit = await t.ds.query(
        `SELECT action FROM audit_log WHERE entity = 'calendar_token' AND entity_id = $1 ORDER BY at`,
        [user.id],
      );
      expect(audit).toEqual([{ action: 'create' }, { action: 'revoke' }]);
    });

    it('the web page shows no link once a password change killed it, and makes one by POST', async () => {
      const user = await aStaffAccount(t, 'adviser');
      let s = await logInHttp(t, user);
      const server = t.app.getHttpServer();
      const post = () =>
        request(server)
          .post('/me/calendar')
          .set('Cookie', s.cookie)
          .set('Origin', s.origin)
          .type('form')
          .send({ _csrf: s.csrf });
      const made = await post().expect(200);
      const url = /id="calendar-url"[^>]*value="([^"]+)"/.exec(made.text)?.[1];
      expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      expect((await request(server).get('/me/calendar').set('Cookie', s.cookie)).text).toContain(
        'Vous avez un lien privé',
      );

      const password = 'cheval agrafe batterie 4815';
      await patchUser(user.id, { password });
      await t.http.get(new URL(url!).pathname).expect(404);
      s = await logInHttp(t, { ...user, password });
      const page = await request(server).get('/me/calendar').set('Cookie', s.cookie).expect(200);
      expect(page.text).toContain('Vous n’avez pas encore de lien d’abonnement.');
      expect(await calendarRows(user.id)).toEqual([{ n: 2 }]); // create + revoke audit rows
      await post().expect(200);
    });
  });
});
