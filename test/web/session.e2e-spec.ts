import request from 'supertest';
import { UsersService } from '../../src/users/users.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  aStaffAccount,
  cookieValue,
  hiddenCsrf,
  logInHttp,
  type WebUserAccount,
} from '../support/web.js';

describe('staff web sessions', () => {
  let t: TestApp;
  let adviser: WebUserAccount;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ env: { WEB_SESSION_IDLE_MINUTES: '30' } });
    adviser = await aStaffAccount(t, 'adviser', { displayName: 'Awa Diallo' });
  });
  afterAll(() => t.close());

  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    expect((await http().get('/').expect(303)).headers.location).toBe('/login');
    const res = await http().get('/?vue=semaine').expect(303);
    expect(res.headers.location).toBe('/login?next=%2F%3Fvue%3Dsemaine');
  });

  it('shows a French login form with labelled fields', async () => {
    const res = await http().get('/login').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('<label for="f-email">Adresse e-mail</label>');
    expect(res.text).toContain('<label for="f-password">Mot de passe</label>');
    expect(res.text).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
  });

  it('sets an HttpOnly, SameSite=Lax, Secure session cookie (PUBLIC_BASE_URL is https)', async () => {
    const form = await http().get('/login').expect(200);
    const res = await http()
      .post('/login')
      .set('Origin', 'https://crm.test')
      .set('Cookie', cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!)
      .type('form')
      .send({ _csrf: hiddenCsrf(form.text), email: adviser.email, password: adviser.password })
      .expect(303);
    expect(res.headers.location).toBe('/');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('crm_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    // A browser-session cookie: the server decides when the session ends.
    expect(session).not.toMatch(/Max-Age|Expires/i);
  });

  it('answers a wrong password in French, the same way as an unknown address', async () => {
    const form = await http().get('/login').expect(200);
    const post = (email: string) =>
      http()
        .post('/login')
        .set('Origin', 'https://crm.test')
        .set('Cookie', cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!)
        .type('form')
        .send({ _csrf: hiddenCsrf(form.text), email, password: 'not-the-password' })
        .expect(401);
    const wrong = await post(adviser.email);
    const unknown = await post('nobody@ml.example');
    expect(wrong.text).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(wrong.text).toContain('<a href="#f-email">');
    expect(wrong.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^crm_session=[^;]/)]),
    );
    expect(unknown.text.replace(/nobody@ml\.example/g, adviser.email)).toBe(wrong.text);
  });

  it('asks for both fields when the form is sent empty', async () => {
    const form = await http().get('/login').expect(200);
    const res = await http()
      .post('/login')
      .set('Origin', 'https://crm.test')
      .set('Cookie', cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!)
      .type('form')
      .send({ _csrf: hiddenCsrf(form.text), email: '', password: '' })
      .expect(400);
    expect(res.text).toContain('Saisissez votre adresse e-mail.');
    expect(res.text).toContain('Saisissez votre mot de passe.');
  });

  it('refuses a login post without the form token or from another site', async () => {
    const form = await http().get('/login').expect(200);
    const loginCookie = cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!;
    const body = { email: adviser.email, password: adviser.password };
    const noToken = await http()
      .post('/login')
      .set('Origin', 'https://crm.test')
      .set('Cookie', loginCookie)
      .type('form')
      .send(body)
      .expect(403);
    expect(noToken.text).toContain('Formulaire expiré');
    expect(noToken.headers['set-cookie']).toBeUndefined();
    await http()
      .post('/login')
      .set('Origin', 'https://evil.example')
      .set('Cookie', loginCookie)
      .type('form')
      .send({ ...body, _csrf: hiddenCsrf(form.text) })
      .expect(403);
  });

  it('keeps the session in Redis with the configured idle timeout, slid by each request', async () => {
    const s = await logInHttp(t, adviser);
    const day = await http().get('/').set('Cookie', s.cookie).expect(200);
    expect(day.text).toContain('<h1>Ma journée</h1>');
    expect(day.text).toContain('Awa Diallo');
    const { WebSessionStore } = await import('../../src/web/session/session.store.js');
    const left = await t.get(WebSessionStore).remainingMs(s.cookie.split('=')[1]!);
    expect(left).toBeGreaterThan(29 * 60_000);
    expect(left).toBeLessThanOrEqual(30 * 60_000);
  });

  it('refuses a POST without the CSRF token or from another origin, and changes nothing', async () => {
    const s = await logInHttp(t, adviser);
    const noToken = await http()
      .post('/logout')
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send({})
      .expect(403);
    expect(noToken.text).toContain('Formulaire expiré');
    expect(noToken.text).toContain('Rien n’a été enregistré');
    await http()
      .post('/logout')
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) })
      .expect(403);
    await http()
      .post('/logout')
      .set('Cookie', s.cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: s.csrf })
      .expect(403);
    await http()
      .post('/logout')
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: s.csrf })
      .expect(403);
    // None of them ended the session.
    await http().get('/').set('Cookie', s.cookie).expect(200);
  });

  it('ends the session at once on logout', async () => {
    const s = await logInHttp(t, adviser);
    const res = await http()
      .post('/logout')
      .set('Cookie', s.cookie)
      .set('Origin', s.origin)
      .type('form')
      .send({ _csrf: s.csrf })
      .expect(303);
    expect(res.headers.location).toBe('/login?deconnexion');
    expect(String(res.headers['set-cookie'])).toMatch(/crm_session=;/);
    // The old cookie, replayed, opens nothing.
    await http().get('/').set('Cookie', s.cookie).expect(303);
    const after = await http().get('/login?deconnexion').expect(200);
    expect(after.text).toContain('Vous êtes déconnecté·e.');
  });

  it('ends the session at once when the user is deactivated', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const admin = await aStaffAccount(t, 'admin');
    const s = await logInHttp(t, user);
    await t
      .get(UsersService)
      .update(
        user.id,
        { active: false },
        { id: admin.id, email: admin.email, displayName: admin.displayName, role: 'admin' },
      );
    expect((await http().get('/').set('Cookie', s.cookie).expect(303)).headers.location).toBe(
      '/login',
    );
  });

  it('answers an unknown address with the French 404 page, the API with problem+json', async () => {
    const s = await logInHttp(t, adviser);
    const page = await http()
      .get('/no-such-page')
      .set('Cookie', s.cookie)
      .set('Accept', 'text/html,application/xhtml+xml')
      .expect(404);
    expect(page.text).toContain('Page introuvable');
    const api = await http().get('/api/v1/no-such-thing').set('Accept', 'text/html').expect(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
  });

  it('serves the stylesheet and script from this origin, cacheable forever', async () => {
    const s = await logInHttp(t, adviser);
    const day = await http().get('/').set('Cookie', s.cookie).expect(200);
    const css = /href="(\/assets\/app-[0-9a-f]{12}\.css)"/.exec(day.text)![1]!;
    const js = /src="(\/assets\/app-[0-9a-f]{12}\.js)"/.exec(day.text)![1]!;
    const cssRes = await http().get(css).expect(200);
    expect(cssRes.headers['content-type']).toMatch(/^text\/css/);
    expect(cssRes.headers['cache-control']).toContain('immutable');
    await http().get(js).expect(200);
    await http().get('/assets/app-000000000000.css').expect(404);
    // A page, its stylesheet and script stay well under 100 KB.
    expect(day.text.length + cssRes.text.length + (await http().get(js)).text.length).toBeLessThan(
      100_000,
    );
    expect(day.text).not.toMatch(/(src|href)="https?:\/\//);
  });
});

describe('staff web sessions over plain http', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'http://localhost:3000' } });
  });
  afterAll(() => t.close());

  it('does not mark the cookie Secure when the service is not served over https', async () => {
    const user = await aStaffAccount(t, 'adviser');
    const form = await request(t.app.getHttpServer()).get('/login').expect(200);
    const res = await request(t.app.getHttpServer())
      .post('/login')
      .set('Origin', 'http://localhost:3000')
      .set('Cookie', cookieValue(form.headers['set-cookie'], 'crm_login_csrf')!)
      .type('form')
      .send({ _csrf: hiddenCsrf(form.text), email: user.email, password: user.password })
      .expect(303);
    const session = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('crm_session='),
    )!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).not.toMatch(/; Secure/);
  });
});
