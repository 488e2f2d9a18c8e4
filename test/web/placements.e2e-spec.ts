import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import {
  aStaffAccount,
  checkPage,
  logIn,
  startWebApp,
  type WebTestApp,
  type WebUserAccount,
} from '../support/web.js';
import { anEmployer } from '../support/factories/employer.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aPlacement } from '../support/factories/placement.js';

// The hire journey of issue 15: an adviser hires a young person in apprenticeship and sees the
// trial period end and the follow-up plan BEFORE confirming, with and without JavaScript; then
// records a follow-up with a high risk and finds the placement flagged on Ma journée.

interface FollowUpRow {
  step_key: string;
  due_date: string;
  status: string;
}

describe('Hiring and following up in headless Chromium', () => {
  let w: WebTestApp;
  let browser: TestBrowser;
  let noScript: TestBrowser;
  let adviser: WebUserAccount;
  const ids: Record<string, string> = {};

  const followUps = (placementId: string) =>
    w.t.ds.query<FollowUpRow[]>(
      `SELECT step_key, to_char(due_date, 'YYYY-MM-DD') AS due_date, status
         FROM follow_ups WHERE placement_id = $1 ORDER BY due_date, step_key`,
      [placementId],
    );
  const placementRow = async (id: string) =>
    (
      await w.t.ds.query<{ status: string; at_risk: boolean; trial: string | null }[]>(
        `SELECT status, at_risk, to_char(trial_period_end_date, 'YYYY-MM-DD') AS trial
           FROM placements WHERE id = $1`,
        [id],
      )
    )[0]!;

  beforeAll(async () => {
    w = await startWebApp();
    adviser = await aStaffAccount(w.t, 'adviser', { displayName: 'Awa Diallo' });
    const ds = w.t.ds;
    ids.bakery = await anEmployer(ds, {
      legal_name: 'Pâtisserie Hélène SARL',
      trade_name: 'Pâtisserie Hélène',
      referent_id: adviser.id,
    });
    ids.ines = await aYoungPerson(ds, { first_name: 'Inès', last_name: 'Lefebvre' });
    ids.tom = await aYoungPerson(ds, { first_name: 'Tom', last_name: 'Girard' });
    ids.p1 = await aPlacement(ds, ids.bakery, {
      young_person_id: ids.ines,
      adviser_id: adviser.id,
    });
    ids.p2 = await aPlacement(ds, ids.bakery, { young_person_id: ids.tom, adviser_id: adviser.id });
    browser = await launchBrowser();
    noScript = await launchBrowser({ javaScriptEnabled: false });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await noScript?.close();
    await w?.close();
  });

  /** From the young person's page to the checked hire, as the adviser would go. */
  async function checkHire(page: Page, youngPersonId: string): Promise<string[]> {
    await page.goto(`${w.baseUrl}/young-people/${youngPersonId}`);
    await page.getByRole('link', { name: 'Pâtisserie Hélène' }).click();
    await page.getByRole('link', { name: 'Embaucher' }).click();
    await page.getByLabel('Type de contrat').selectOption({ label: 'Contrat d’apprentissage' });
    await page.getByLabel('Date de début du contrat').fill('2026-09-01');
    await page.getByLabel('Date de fin du contrat').fill('2028-08-31');
    await page.getByLabel('Heures par semaine').fill('35');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();

    const preview = page.getByRole('region', { name: 'Ce qui sera enregistré' });
    const text = (await preview.textContent()) ?? '';
    // Apprenticeship: 45 days from the start, the start day included.
    expect(text).toContain('Fin de la période d’essai');
    expect(text).toContain('jeudi 15 octobre 2026');
    const rows = await preview.getByRole('row').allTextContents();
    expect(rows.length).toBeGreaterThan(3);
    expect(text).toContain('Fin de la période de rupture libre');
    expect(text).toContain('Diplôme et suite du parcours');
    return rows.slice(1);
  }

  it('shows the trial end and the plan before confirming, then hires as shown', async () => {
    const { page, messages } = await browser.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    const shown = await checkHire(page, ids.ines!);
    await checkPage(page, 'embauche-apercu');
    // Checking wrote nothing.
    expect((await placementRow(ids.p1!)).status).toBe('proposed');
    expect(await followUps(ids.p1!)).toEqual([]);

    await page.getByRole('button', { name: 'Confirmer l’embauche' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p1}`);
    expect(await page.getByRole('status').first().textContent()).toContain('Embauche enregistrée');
    const saved = await followUps(ids.p1!);
    expect(saved.length).toBe(shown.length);
    expect(saved.every((f) => f.status === 'planned')).toBe(true);
    expect((await placementRow(ids.p1!)).trial).toBe('2026-10-15');
    await checkPage(page, 'mise-en-relation-embauche');
    expect(messages.filter((m) => /Content Security Policy|pageerror/i.test(m))).toEqual([]);
    await page.close();
  }, 120_000);

  it('hires the same way with JavaScript disabled: "Vérifier" then "Confirmer l’embauche"', async () => {
    const { page } = await noScript.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    const shown = await checkHire(page, ids.tom!);
    expect(await followUps(ids.p2!)).toEqual([]);
    await page.getByRole('button', { name: 'Confirmer l’embauche' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p2}`);
    expect((await followUps(ids.p2!)).length).toBe(shown.length);
    expect((await placementRow(ids.p2!)).status).toBe('hired');
    await page.close();
  }, 120_000);

  it('says what is wrong beside the field and writes nothing when the contract is not valid', async () => {
    const { page } = await browser.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    const other = await aPlacement(w.t.ds, ids.bakery!, {
      young_person_id: ids.ines!,
      adviser_id: adviser.id,
      status: 'interview',
    });
    await page.goto(`${w.baseUrl}/placements/${other}/hire`);
    await page.getByLabel('Type de contrat').selectOption({ label: 'CDD' });
    await page.getByLabel('Date de début du contrat').fill('2026-09-01');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('Il y a un problème');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#f-endDate');
    await checkPage(page, 'embauche-erreur');
    expect(await page.getByRole('button', { name: 'Confirmer l’embauche' }).count()).toBe(0);
    expect((await placementRow(other)).status).toBe('interview');
    await page.close();
  }, 120_000);

  it('records a follow-up with a high risk and shows the placement at risk on Ma journée', async () => {
    const { page } = await browser.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    await page.goto(`${w.baseUrl}/placements/${ids.p1}`);
    await page
      .getByRole('link', { name: /^Enregistrer le suivi du/ })
      .first()
      .click();
    expect(page.url()).toMatch(/\/follow-ups\/[0-9a-f-]{36}\/complete$/);
    await checkPage(page, 'suivi-enregistrer');
    await page.getByLabel('Téléphone').check();
    await page.getByLabel(/^Élevé/).check();
    await page.getByLabel('Ce qui a été dit').fill('Retards répétés, tension avec le tuteur.');
    await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p1}`);
    expect(await page.getByText('À risque', { exact: true }).count()).toBe(1);
    expect((await placementRow(ids.p1!)).at_risk).toBe(true);

    await page.goto(`${w.baseUrl}/`);
    const risk = page.getByRole('region', { name: /à risque/ });
    expect(await risk.getByRole('link', { name: 'Inès Lefebvre' }).getAttribute('href')).toBe(
      `/placements/${ids.p1}`,
    );
    await page.close();
  }, 120_000);

  it('reschedules a follow-up, adds an ad-hoc one, then ends a contract by a rupture', async () => {
    const { page } = await browser.newPage();
    await page.context().clearCookies();
    await logIn(page, w.baseUrl, adviser);
    await page.goto(`${w.baseUrl}/placements/${ids.p2}`);
    await page
      .getByRole('link', { name: /^Reporter le suivi du/ })
      .first()
      .click();
    await checkPage(page, 'suivi-reporter');
    await page.getByLabel('Nouvelle date').fill('2026-09-18');
    await page.getByRole('button', { name: 'Reporter le suivi' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p2}`);
    expect((await followUps(ids.p2!)).some((f) => f.due_date === '2026-09-18')).toBe(true);

    await page.getByLabel('Date prévue').fill('2026-10-02');
    await page.getByRole('button', { name: 'Ajouter le suivi' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p2}`);
    expect(
      (await followUps(ids.p2!)).some(
        (f) => f.step_key === 'ad_hoc' && f.due_date === '2026-10-02',
      ),
    ).toBe(true);

    await page.getByRole('link', { name: 'Déclarer une rupture' }).click();
    await checkPage(page, 'rupture');
    await page.getByLabel('Date de la rupture').fill('2026-10-05');
    await page.getByLabel('D’un commun accord').check();
    await page.getByLabel('Motif').fill('Réorientation vers un autre métier.');
    await page.getByRole('button', { name: 'Enregistrer la rupture' }).click();
    await page.waitForURL(`${w.baseUrl}/placements/${ids.p2}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Contrat rompu');
    expect(text).toContain('pendant la période d’essai');
    const rows = await followUps(ids.p2!);
    expect(rows.find((f) => f.step_key === 'debrief')?.status).toBe('planned');
    expect(rows.filter((f) => f.step_key !== 'debrief').every((f) => f.status !== 'planned')).toBe(
      true,
    );
    await page.close();
  }, 120_000);
});
