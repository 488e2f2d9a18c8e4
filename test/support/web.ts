import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import type { Role } from '../../src/common/vocabulary.js';
import { UsersService } from '../../src/users/users.service.js';
import { runAxe, severeViolations } from './browser.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/** Where browser tests save what they saw (git-ignored: `var/`). */
export const SCREENSHOT_DIR = join(process.cwd(), 'var', 'screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

export interface WebUserAccount {
  id: string;
  email: string;
  password: string;
  role: Role;
  displayName: string;
}

export interface WebTestApp {
  t: TestApp;
  /** `http://127.0.0.1:<port>`, also the app's PUBLIC_BASE_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real application served on a port of 127.0.0.1, for a browser. The port is bound first and
 * kept: picking a free port and listening on it only after the application has booted (a second
 * or two) lost it, now and then, to an outgoing connection of a parallel test given the same
 * ephemeral port (EADDRINUSE).
 */
export async function startWebApp(opts: TestAppOptions = {}): Promise<WebTestApp> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let t: TestApp;
  try {
    t = await createTestApp({ ...opts, env: { PUBLIC_BASE_URL: baseUrl, ...opts.env } });
  } catch (err) {
    server.close();
    throw err;
  }
  server.on('request', t.app.getHttpAdapter().getInstance());
  return {
    t,
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await t.close();
    },
  };
}

/** A staff account whose password the test knows (to type it into the login form). */
export async function aStaffAccount(
  t: TestApp,
  role: Role,
  overrides: { displayName?: string; email?: string } = {},
): Promise<WebUserAccount> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@ml.example`;
  const password = `pw-${randomBytes(9).toString('hex')}`;
  const displayName = overrides.displayName ?? `Test ${role}`;
  const user = await t.get(UsersService).create({ email, displayName, role, password }, null);
  return { id: user.id, email, password, role, displayName };
}

/** Logs in through the form, by its French labels, and waits for Ma journée. */
export async function logIn(page: Page, baseUrl: string, user: WebUserAccount): Promise<void> {
  // The test browser's profile is shared by its tabs: start each login from no session.
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/**
 * axe-core at desktop and phone widths (no serious or critical violation allowed), with a
 * full-page screenshot of each under var/screenshots/<name>-desktop.png and -mobile.png.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const problems: string[] = [];
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['mobile', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    for (const v of severeViolations(await runAxe(page))) problems.push(`${label}: ${v}`);
    // Nothing may stick out sideways on a phone: the page scrolls vertically only.
    if (label === 'mobile') {
      const overflow = await page.evaluate(() => {
        const d = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      if (overflow > 1) problems.push(`mobile: the page is ${overflow}px wider than the screen`);
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
  if (problems.length) throw new Error(`${name}:\n${problems.join('\n')}`);
}

/** A supertest client holding a logged-in session cookie, and that session's CSRF token. */
export interface SessionClient {
  cookie: string;
  csrf: string;
  /** The Origin header a browser on this service would send. */
  origin: string;
}

const hiddenCsrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieValue = (setCookie: string[] | string | undefined, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = all.find((c) => c.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : null;
};

/** Logs in through GET and POST /login as a browser would, without a browser. */
export async function logInHttp(t: TestApp, user: WebUserAccount): Promise<SessionClient> {
  const origin = new URL(t.config.publicBaseUrl).origin;
  const server = t.app.getHttpServer();
  const form = await request(server).get('/login').expect(200);
  const loginCookie = cookieValue(form.headers['set-cookie'], 'crm_login_csrf');
  if (!loginCookie) throw new Error('GET /login set no CSRF cookie');
  const res = await request(server)
    .post('/login')
    .set('Origin', origin)
    .set('Cookie', loginCookie)
    .type('form')
    .send({ _csrf: hiddenCsrf(form.text), email: user.email, password: user.password })
    .expect(303);
  const cookie = cookieValue(res.headers['set-cookie'], 'crm_session');
  if (!cookie) throw new Error('POST /login set no session cookie');
  const day = await request(server).get('/').set('Cookie', cookie).expect(200);
  return { cookie, csrf: hiddenCsrf(day.text), origin };
}

export { hiddenCsrf, cookieValue };

/** A separate Chromium whose pages run no JavaScript (the journeys' no-JS variant). */
export async function launchWithoutJavaScript(): Promise<{
  page: Page;
  close(): Promise<void>;
}> {
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_PATH } = await import('./browser.js');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  return { page, close: () => browser.close() };
}
