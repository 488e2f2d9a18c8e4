import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aStaffAccount, logInHttp, type SessionClient } from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';

// Issue 15: a staff page's HTML, CSS and JavaScript together stay under 100 KB uncompressed, so
// the application stays quick on a phone during an employer visit. Sizes, not times: the speed
// target lives in the benchmark.
const BUDGET = 100 * 1024;

describe('staff pages stay light', () => {
  let t: TestApp;
  let s: SessionClient;
  let employerId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const manager = await aStaffAccount(t, 'manager');
    s = await logInHttp(t, manager);
    employerId = await anEmployer(t.ds, { legal_name: 'Pâtisserie Hélène' });
    await aContact(t.ds, employerId, { email: 'rh@example.org', is_primary: true });
    for (let i = 0; i < 30; i++)
      await anInteraction(t.ds, employerId, manager.id, {
        occurred_at: new Date(Date.now() - i * 86_400_000),
        subject: `Appel de suivi ${i}`,
      });
  });
  afterAll(() => t.close());

  const bytes = async (path: string, cookie = true) => {
    const req = request(t.app.getHttpServer()).get(path);
    const res = await (cookie ? req.set('Cookie', s.cookie) : req).expect(200);
    return { body: res.text, size: Buffer.byteLength(res.text) };
  };

  it('counts every page with its stylesheet and script under 100 KB', async () => {
    const year = new Date().getFullYear();
    const pages = [
      '/',
      '/employers',
      '/employers?q=patiserie',
      `/employers/${employerId}`,
      '/job-offers',
      '/young-people',
      '/events',
      '/indicators',
      `/reports/annual/${year}`,
      '/survey-campaigns',
      '/import-export',
    ];
    const over: string[] = [];
    for (const path of pages) {
      const page = await bytes(path);
      const assets = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThan(0);
      let total = page.size;
      for (const a of new Set(assets)) total += (await bytes(a, false)).size;
      if (total > BUDGET) over.push(`${path}: ${total} bytes`);
    }
    expect(over).toEqual([]);
  });
});
