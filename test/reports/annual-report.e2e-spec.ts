import { parse } from 'csv-parse/sync';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aPlacement } from '../support/factories/placement.js';

type Value = { key: string; year: number | null; previous: number | null };
type Action = {
  key: string;
  figures: Value[];
  breakdown: { rows: { key: string | null; values: Value[] }[] } | null;
};

/**
 * The annual report of a small known world, against figures computed by hand. "Now" is
 * 15 June 2026: the 2026 column is the year so far, 2025 the whole previous year. The dormancy
 * threshold is the default 180 days.
 */
describe('annual report (bilan annuel)', () => {
  let t: TestApp;
  let manager: Staff;
  let adviser: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-06-15T10:00:00Z') });
    manager = await t.staff('manager');
    adviser = await t.staff('adviser');
    const ds = t.ds;
    // A: created in January 2025, called in February, then again after 212 days (dormant) in
    // September, then after 242 days in May 2026 (dormant again).
    const a = await anEmployer(ds, { created_at: '2025-01-10T09:00:00Z' });
    await anInteraction(ds, a, adviser.id, {
      occurred_at: '2025-02-01T09:00:00Z',
      direction: 'outbound',
    });
    await anInteraction(ds, a, adviser.id, {
      occurred_at: '2025-09-01T09:00:00Z',
      direction: 'inbound',
    });
    await anInteraction(ds, a, adviser.id, {
      occurred_at: '2026-05-01T09:00:00Z',
      direction: 'outbound',
    });
    // B: taken on from the prospect register in January 2026, called the next day.
    const siret = aSiret();
    await ds.query(
      `INSERT INTO prospects (siret, siren, insee_code, epci_code, epci_name, name)
       VALUES ($1, $2, '25056', '242500361', 'Grand Besançon Métropole', 'Boulangerie Prospect')`,
      [siret, siret.slice(0, 9)],
    );
    const [b] = await ds.query(
      `INSERT INTO employers (legal_name, siret, source, status, created_at)
       VALUES ('Boulangerie Prospect', $1, 'outreach', 'prospect', '2026-01-05T09:00:00Z') RETURNING id`,
      [siret],
    );
    await anInteraction(ds, b.id, adviser.id, {
      occurred_at: '2026-01-06T09:00:00Z',
      direction: 'outbound',
    });
    // A contact planned after now counts in no column.
    await anInteraction(ds, b.id, adviser.id, {
      occurred_at: '2026-09-01T09:00:00Z',
      direction: 'outbound',
    });
    // Job entries: an apprenticeship in 2025, a CDI in 2026 broken in its trial period.
    const y1 = await aYoungPerson(ds);
    const y2 = await aYoungPerson(ds);
    await aPlacement(ds, a, {
      young_person_id: y1,
      status: 'hired',
      contract_type: 'apprenticeship',
      start_date: '2025-09-01',
      outcome: 'ongoing',
    });
    await aPlacement(ds, b.id, {
      young_person_id: y2,
      status: 'hired',
      contract_type: 'cdi',
      start_date: '2026-03-02',
      outcome: 'ruptured',
      rupture_date: '2026-03-20',
      rupture_in_trial_period: true,
      rupture_initiative: 'employee',
    });
  });
  afterAll(() => t.close());

  const action = (body: { actions: Action[] }, key: string) =>
    body.actions.find((a) => a.key === key)!;
  const value = (a: Action, key: string) => {
    const v = a.figures.find((f) => f.key === key)!;
    return [v.year, v.previous];
  };

  it('gives each action of orientation 4 its figures for the year and the previous one', async () => {
    const res = await t.http.get('/api/v1/reports/annual/2026').set(manager.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ year: 2026, previousYear: 2025 });
    expect(res.body.actions.map((a: Action) => a.key)).toEqual([
      '12.1',
      '12.2',
      '12.3',
      '12.4',
      '12.5',
      '13.2',
      '13.3',
      '13.4',
    ]);
    const a121 = action(res.body, '12.1');
    expect(value(a121, 'employersContacted')).toEqual([2, 1]);
    expect(value(a121, 'newEmployers')).toEqual([1, 1]);
    expect(value(a121, 'interactions')).toEqual([2, 2]);
    expect(value(a121, 'outreachShare')).toEqual([1, 0.5]);
    expect(value(a121, 'prospectsTakenOn')).toEqual([1, 0]);
    expect(value(action(res.body, '12.4'), 'dormantContactedAgain')).toEqual([1, 1]);
    const a133 = action(res.body, '13.3');
    expect(value(a133, 'jobEntries')).toEqual([1, 1]);
    expect(value(a133, 'alternanceEntries')).toEqual([0, 1]);
    expect(value(a133, 'rupturesInTrial')).toEqual([1, 0]);
    expect(value(a133, 'ruptureRate')).toEqual([1, 0]);
    const byType = Object.fromEntries(
      a133.breakdown!.rows.map((r) => [r.key, r.values.find((v) => v.key === 'jobEntries')]),
    );
    expect(byType.cdi).toMatchObject({ year: 1, previous: 0 });
    expect(byType.apprenticeship).toMatchObject({ year: 0, previous: 1 });
    // No survey in either year: rates are absent, not 0 %.
    expect(value(action(res.body, '12.2'), 'satisfactionMean')).toEqual([null, null]);
  });

  it('exports the same figures as CSV for a French spreadsheet', async () => {
    const res = await t.http
      .get('/api/v1/reports/annual/2026?format=csv')
      .set(manager.auth)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('bilan_annuel_2026.csv');
    const rows: string[][] = parse(res.text.replace(/^\uFEFF/, ''), { delimiter: ';' });
    expect(rows[0]).toEqual([
      'Action',
      'Intitulé de l’action',
      'Indicateur',
      'Détail',
      '2026',
      '2025',
    ]);
    const line = (indicator: string, detail = '') =>
      rows.find((r) => r[2] === indicator && r[3] === detail)!.slice(4);
    expect(line('Prospects SIRENE pris en charge')).toEqual(['1', '0']);
    expect(line('Part des contacts à l’initiative de la ML')).toEqual(['1', '0,5']);
    expect(line('Entrées en emploi', 'Par type de contrat : CDI')).toEqual(['1', '0']);
    expect(line('Satisfaction moyenne (1 à 5)')).toEqual(['', '']);
  });

  it('is for managers, and refuses a year that is not one', async () => {
    await t.http.get('/api/v1/reports/annual/2026').set(adviser.auth).expect(403);
    for (const bad of ['2027', '1999', 'abcd', '20266']) {
      const res = await t.http.get(`/api/v1/reports/annual/${bad}`).set(manager.auth).expect(400);
      expect(res.body.errors[0].field).toBe('year');
    }
    await t.http.get('/api/v1/reports/annual/2026?format=pdf').set(manager.auth).expect(400);
  });
});
