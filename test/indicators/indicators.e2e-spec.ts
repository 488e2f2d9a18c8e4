import { FIGURES, type Figure } from '../../src/indicators/indicator-figures.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { BESANCON, buildWorld, MONTBELIARD, type World } from '../support/indicator-world.js';

// Hand-checked figures of the world of test/support/indicator-world.ts, seen on 2026-06-15 (Paris),
// period 2026-01-01..2026-12-31 (the default: the current calendar year), so capped at today.
//
// Employers: E1 Besançon/I ref A (2025), E2 Besançon/F ref B (2026-02), E3 Montbéliard/I ref A
// (2026-03), E4 Montbéliard/F ref B (2026-04), E5 no EPCI/no sector/no referent (2025), E6 merged
// into E1 (2026-05, not new). Adviser groups come from the referent (new employers, survey), the
// author (interactions), the collecting adviser (offers), the placement adviser (placements,
// follow-ups), the organiser (events).

type Figures = Record<Figure, number | null>;
const RATES: Figure[] = [
  'outreachShare',
  'ruptureRate',
  'followUpsOnTimeRate',
  'surveyResponseRate',
  'satisfactionMean',
  'nps',
];
const NOT_BY_CONTRACT: Figure[] = [
  'employersContacted',
  'newEmployers',
  'interactions',
  'outreachShare',
  'events',
  'surveyResponseRate',
  'satisfactionMean',
  'nps',
];
/** Counts default to 0, rates to null (nothing to divide by): only the rest is written out. */
const fig = (f: Partial<Figures>): Figures => {
  const base = Object.fromEntries(FIGURES.map((k) => [k, RATES.includes(k) ? null : 0])) as Figures;
  return { ...base, ...f };
};
const byContract = (f: Partial<Figures>): Figures => {
  const out = fig(f);
  for (const k of NOT_BY_CONTRACT) out[k] = null;
  return out;
};

// Interactions in 2026 up to now: I1 E1 A out, I2 E1 B in, I3 E2 B out, I4 E3 A in, I5 E5 A out,
// I7 E4 A out (2025-12-31T23:30Z is 00:30 on 1 January in Paris), IE1 E1 A out and IE3 E3 A out
// (EV1). Not counted: I6 (23:30 on 31 December in Paris), IE4 (EV2, in September).
//   interactions 8, outbound 6 -> outreachShare 6/8 = 0.75; employers {E1,E2,E3,E4,E5} = 5.
// New employers: E2, E3, E4 = 3 (E1, E5 from 2025; E6 merged away).
// Offers created in 2026: O1 E1 A cdd 2 positions, O2 E2 B apprenticeship 1, O3 E3 A cdi 3 -> 3, 6
//   (O4 is from 2025).
// Job entries (hired, start in the period up to today, PMSMP excluded): P1 E1 A cdi 01-10,
//   P2 E2 B apprenticeship 02-01, P3 E3 A cdd 03-25 (from EV1), P7 E2 A temporary_work 05-04 = 4.
//   Not: P4 (2025), P5 (PMSMP), P6 (starts 07-01, after today), P8 (interview only).
//   alternance: P2 = 1; eventPlacements: P3 = 1; entries since ruptured: P2, P7 -> ruptureRate 2/4.
// Ruptures dated in 2026: P2 (trial), P4 (not trial), P7 (trial) -> 3, in trial 2.
// Follow-ups done in 2026 (done_on): F1 P1 on time (01-20 <= 01-17+7), F2 P1 late (03-15 > 03-08),
//   F5 P2 on time, F7 P3 on time (04-08 = 04-01+7), F8 P3 late (05-28 > 05-27), F9 P4 late (done
//   2026-01-05, due 2025-12-20), F10 P5 on time -> 7 done, 4 on time: 4/7 = 0.5714.
//   Not: F12 (done in 2025), F6 (cancelled).
// Overdue (planned, due <= period end and before today): F3 P1 (06-01), F13 P3 (06-14) = 2.
//   Not: F14 (due today), F4 (07-08).
// At risk (flag set, hired, ongoing, started by today): P3 = 1. Not: P2 (ruptured), P6 (July).
// Events held in 2026 up to now: EV1 = 1 (EV2 is in September, EV3 in 2025).
// Survey: the 2026 campaign (launched 03-01) invited E1..E5; E4 did not answer.
//   response rate 4/5 = 0.8; satisfaction (5+3+4+2)/4 = 3.5;
//   recommend 10 (promoter), 6 (detractor), '8' (passive), 9 (promoter): NPS (2-1)/4 = 25.
const TOTALS = fig({
  employersContacted: 5,
  newEmployers: 3,
  interactions: 8,
  outreachShare: 0.75,
  offersCollected: 3,
  positionsCollected: 6,
  jobEntries: 4,
  alternanceEntries: 1,
  ruptures: 3,
  ruptureRate: 0.5,
  rupturesInTrial: 2,
  followUpsDone: 7,
  followUpsOnTimeRate: 0.5714,
  followUpsOverdue: 2,
  placementsAtRisk: 1,
  events: 1,
  eventPlacements: 1,
  surveyResponseRate: 0.8,
  satisfactionMean: 3.5,
  nps: 25,
});

function expectedGroups(w: World): Record<string, Record<string, Figures>> {
  return {
    adviser: {
      // A: interactions I1, I4, I5, I7, IE1, IE3 = 6, outbound 5 (all but I4) -> 0.8333;
      //   employers {E1, E3, E5, E4} = 4; new: E3 (referent A) = 1; offers O1, O3 = 2, 5 positions;
      //   entries P1, P3, P7 = 3, ruptured since: P7 -> 1/3; ruptures P7 = 1 (trial);
      //   follow-ups done F1, F2, F7, F8, F10 = 5, on time F1, F7, F10 -> 0.6; overdue F3, F13 = 2;
      //   at risk P3; events EV1 (organiser); event placements P3;
      //   survey (referent A): E1, E3 invited, both answered -> 1; (5+4)/2 = 4.5;
      //   recommend 10 (P), 8 (passive) -> (1-0)/2 = 50.
      [w.adviserA]: fig({
        employersContacted: 4,
        newEmployers: 1,
        interactions: 6,
        outreachShare: 0.8333,
        offersCollected: 2,
        positionsCollected: 5,
        jobEntries: 3,
        ruptures: 1,
        ruptureRate: 0.3333,
        rupturesInTrial: 1,
        followUpsDone: 5,
        followUpsOnTimeRate: 0.6,
        followUpsOverdue: 2,
        placementsAtRisk: 1,
        events: 1,
        eventPlacements: 1,
        surveyResponseRate: 1,
        satisfactionMean: 4.5,
        nps: 50,
      }),
      // B: interactions I2 (in), I3 (out) -> 2, 0.5, employers {E1, E2}; new: E2, E4 = 2;
      //   offers O2 = 1, 1 position; entries P2 = 1 (alternance), ruptured since -> 1;
      //   ruptures P2 (trial), P4 = 2, in trial 1; follow-ups done F5 (on time), F9 (late) -> 0.5;
      //   no event held (EV2 is in the future); survey E2 answered, E4 not -> 0.5; sat 3;
      //   recommend 6 (detractor) -> -100.
      [w.adviserB]: fig({
        employersContacted: 2,
        newEmployers: 2,
        interactions: 2,
        outreachShare: 0.5,
        offersCollected: 1,
        positionsCollected: 1,
        jobEntries: 1,
        alternanceEntries: 1,
        ruptures: 2,
        ruptureRate: 1,
        rupturesInTrial: 1,
        followUpsDone: 2,
        followUpsOnTimeRate: 0.5,
        surveyResponseRate: 0.5,
        satisfactionMean: 3,
        nps: -100,
      }),
      // No referent: E5's survey answer (satisfaction 2, recommend 9: promoter).
      '': fig({ surveyResponseRate: 1, satisfactionMean: 2, nps: 100 }),
    },
    epci: {
      // Besançon (E1, E2): interactions I1, I2, I3, IE1 = 4, outbound 3 -> 0.75; employers 2;
      //   new E2; offers O1, O2 = 2, 3 positions; entries P1, P2, P7 = 3, alternance P2,
      //   ruptured since P2, P7 -> 2/3; ruptures P2, P7 (both in trial); follow-ups done F1, F2, F5,
      //   F10 = 4, on time F1, F5, F10 -> 0.75; overdue F3; events EV1 (held in Besançon);
      //   survey E1, E2 both answered -> 1, (5+3)/2 = 4, 10 (P) and 6 (D) -> 0.
      [BESANCON.epci]: fig({
        employersContacted: 2,
        newEmployers: 1,
        interactions: 4,
        outreachShare: 0.75,
        offersCollected: 2,
        positionsCollected: 3,
        jobEntries: 3,
        alternanceEntries: 1,
        ruptures: 2,
        ruptureRate: 0.6667,
        rupturesInTrial: 2,
        followUpsDone: 4,
        followUpsOnTimeRate: 0.75,
        followUpsOverdue: 1,
        events: 1,
        surveyResponseRate: 1,
        satisfactionMean: 4,
        nps: 0,
      }),
      // Montbéliard (E3, E4): interactions I4 (in), I7, IE3 = 3, outbound 2 -> 0.6667;
      //   employers 2; new E3, E4; offers O3 = 1, 3 positions; entries P3 = 1, not ruptured -> 0;
      //   ruptures P4 (not in trial); follow-ups done F7 (on time), F8, F9 -> 1/3; overdue F13;
      //   at risk P3; event placements P3; survey E3 answered, E4 not -> 0.5; sat 4;
      //   recommend '8' (passive) -> 0.
      [MONTBELIARD.epci]: fig({
        employersContacted: 2,
        newEmployers: 2,
        interactions: 3,
        outreachShare: 0.6667,
        offersCollected: 1,
        positionsCollected: 3,
        jobEntries: 1,
        ruptures: 1,
        ruptureRate: 0,
        followUpsDone: 3,
        followUpsOnTimeRate: 0.3333,
        followUpsOverdue: 1,
        placementsAtRisk: 1,
        eventPlacements: 1,
        surveyResponseRate: 0.5,
        satisfactionMean: 4,
        nps: 0,
      }),
      // No EPCI (E5): I5 (outbound), survey answer 2 / 9.
      '': fig({
        employersContacted: 1,
        interactions: 1,
        outreachShare: 1,
        surveyResponseRate: 1,
        satisfactionMean: 2,
        nps: 100,
      }),
    },
    sector: {
      // I (E1, E3): interactions I1, I2, IE1, I4, IE3 = 5, outbound I1, IE1, IE3 -> 0.6;
      //   employers 2; new E3; offers O1, O3 = 2, 5 positions; entries P1, P3 = 2, none ruptured -> 0;
      //   no rupture; follow-ups done F1, F2, F7, F8, F10 = 5, on time 3 -> 0.6; overdue F3, F13;
      //   at risk P3; events EV1 (E1 and E3 took part); event placements P3;
      //   survey E1, E3 -> 1, 4.5, 50.
      I: fig({
        employersContacted: 2,
        newEmployers: 1,
        interactions: 5,
        outreachShare: 0.6,
        offersCollected: 2,
        positionsCollected: 5,
        jobEntries: 2,
        ruptureRate: 0,
        followUpsDone: 5,
        followUpsOnTimeRate: 0.6,
        followUpsOverdue: 2,
        placementsAtRisk: 1,
        events: 1,
        eventPlacements: 1,
        surveyResponseRate: 1,
        satisfactionMean: 4.5,
        nps: 50,
      }),
      // F (E2, E4): interactions I3, I7 = 2, both outbound -> 1; employers 2; new E2, E4;
      //   offers O2 = 1, 1; entries P2, P7 = 2, alternance P2, both ruptured -> 1;
      //   ruptures P2, P4, P7 = 3, in trial P2, P7; follow-ups done F5 (on time), F9 -> 0.5;
      //   survey E2 answered, E4 not -> 0.5, 3, -100.
      F: fig({
        employersContacted: 2,
        newEmployers: 2,
        interactions: 2,
        outreachShare: 1,
        offersCollected: 1,
        positionsCollected: 1,
        jobEntries: 2,
        alternanceEntries: 1,
        ruptures: 3,
        ruptureRate: 1,
        rupturesInTrial: 2,
        followUpsDone: 2,
        followUpsOnTimeRate: 0.5,
        surveyResponseRate: 0.5,
        satisfactionMean: 3,
        nps: -100,
      }),
      '': fig({
        employersContacted: 1,
        interactions: 1,
        outreachShare: 1,
        surveyResponseRate: 1,
        satisfactionMean: 2,
        nps: 100,
      }),
    },
    contractType: {
      // cdi: O3 (3 positions); P1 entry, not ruptured -> 0; F1 on time, F2 late -> 0.5; F3 overdue.
      cdi: byContract({
        offersCollected: 1,
        positionsCollected: 3,
        jobEntries: 1,
        ruptureRate: 0,
        followUpsDone: 2,
        followUpsOnTimeRate: 0.5,
        followUpsOverdue: 1,
      }),
      // cdd: O1 (2 positions); P3 entry from EV1, at risk; F7 on time, F8 late; F13 overdue.
      cdd: byContract({
        offersCollected: 1,
        positionsCollected: 2,
        jobEntries: 1,
        ruptureRate: 0,
        followUpsDone: 2,
        followUpsOnTimeRate: 0.5,
        followUpsOverdue: 1,
        placementsAtRisk: 1,
        eventPlacements: 1,
      }),
      // apprenticeship: O2; P2 entry (alternance), ruptured in trial; F5 on time.
      apprenticeship: byContract({
        offersCollected: 1,
        positionsCollected: 1,
        jobEntries: 1,
        alternanceEntries: 1,
        ruptures: 1,
        ruptureRate: 1,
        rupturesInTrial: 1,
        followUpsDone: 1,
        followUpsOnTimeRate: 1,
      }),
      // temporary_work: P7 entry, ruptured in trial; no follow-up.
      temporary_work: byContract({
        jobEntries: 1,
        ruptures: 1,
        ruptureRate: 1,
        rupturesInTrial: 1,
      }),
      // professionalisation: P4 (entered in 2025) ruptured in 2026 outside trial; F9 late.
      professionalisation: byContract({
        ruptures: 1,
        followUpsDone: 1,
        followUpsOnTimeRate: 0,
      }),
      // pmsmp: not a job entry, but its follow-up F10 was done on time.
      pmsmp: byContract({ followUpsDone: 1, followUpsOnTimeRate: 1 }),
    },
  };
}

/** The figure as the CSV writes it: decimal comma, empty for null. */
const csvNumber = (v: number | null) => (v === null ? '' : String(v).replace('.', ','));

function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const body = text.slice(1);
  expect(body.endsWith('\r\n')).toBe(true);
  // No cell of this world needs quoting, so a plain split is exact.
  return body
    .slice(0, -2)
    .split('\r\n')
    .map((l) => l.split(';'));
}

describe('indicators', () => {
  let t: TestApp;
  let manager: Staff;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-06-15T10:00:00Z') });
    manager = await t.staff('manager', { displayName: 'Marie Directrice' });
    const a = await t.staff('adviser', { displayName: 'Alice Martin' });
    const b = await t.staff('adviser', { displayName: 'Bruno Petit' });
    w = await buildWorld(t.ds, a.id, b.id);
  });
  afterAll(() => t.close());

  it('are for managers only', async () => {
    const adviser = await t.staff('adviser');
    await t.http.get('/api/v1/indicators').set(adviser.auth).expect(403);
    await t.http.get('/api/v1/indicators').expect(401);
  });

  it('computes every figure over the current calendar year by default', async () => {
    const res = await t.http.get('/api/v1/indicators').set(manager.auth).expect(200);
    expect(res.body).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
      groupBy: null,
      totals: TOTALS,
      groups: [],
    });
  });

  const LABELS: Record<string, (w: World) => Record<string, string>> = {
    adviser: (w) => ({
      [w.adviserA]: 'Alice Martin',
      [w.adviserB]: 'Bruno Petit',
      '': 'Non renseigné',
    }),
    epci: () => ({
      [BESANCON.epci]: 'CU Grand Besançon Métropole',
      [MONTBELIARD.epci]: 'CA Pays de Montbéliard Agglomération',
      '': 'Non renseigné',
    }),
    sector: () => ({
      I: 'Hébergement et restauration',
      F: 'Construction',
      '': 'Non renseigné',
    }),
    contractType: () => ({
      cdi: 'CDI',
      cdd: 'CDD',
      apprenticeship: 'Contrat d’apprentissage',
      temporary_work: 'Intérim',
      professionalisation: 'Contrat de professionnalisation',
      pmsmp: 'Immersion (PMSMP)',
    }),
  };

  describe.each(['adviser', 'epci', 'sector', 'contractType'])('grouped by %s', (groupBy) => {
    it('gives the totals and every group, in JSON', async () => {
      const res = await t.http
        .get('/api/v1/indicators')
        .query({ groupBy })
        .set(manager.auth)
        .expect(200);
      expect(res.body.totals).toEqual(TOTALS);
      const expected = expectedGroups(w)[groupBy]!;
      const labels = LABELS[groupBy]!(w);
      const got = Object.fromEntries(
        (res.body.groups as ({ key: string | null; label: string } & Figures)[]).map(
          ({ key, label, ...figures }) => [key ?? '', { label, figures }],
        ),
      );
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const [key, figures] of Object.entries(expected)) {
        expect({ key, ...got[key] }).toEqual({ key, label: labels[key], figures });
      }
      // The group without a key comes last.
      const keys = (res.body.groups as { key: string | null }[]).map((g) => g.key);
      if (keys.includes(null)) expect(keys[keys.length - 1]).toBeNull();
    });

    it('gives the same figures in a CSV a French Excel opens cleanly', async () => {
      const res = await t.http
        .get('/api/v1/indicators')
        .query({ groupBy, format: 'csv' })
        .set(manager.auth)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="indicateurs_2026-01-01_2026-12-31_${groupBy}.csv"`,
      );
      const rows = parseCsv(res.text);
      const [header, totals, ...groups] = rows;
      expect(header).toHaveLength(4 + FIGURES.length);
      expect(header!.slice(4, 8)).toEqual([
        'Employeurs contactés',
        'Nouveaux employeurs',
        'Contacts avec les employeurs',
        'Part des contacts à l’initiative de la ML',
      ]);
      expect(totals).toEqual([
        '01/01/2026',
        '31/12/2026',
        '',
        'Total',
        ...FIGURES.map((f) => csvNumber(TOTALS[f])),
      ]);
      const expected = expectedGroups(w)[groupBy]!;
      const labels = LABELS[groupBy]!(w);
      expect(groups.map((g) => g[2]).sort()).toEqual(Object.keys(expected).sort());
      for (const g of groups) {
        const key = g[2]!;
        expect(g).toEqual([
          '01/01/2026',
          '31/12/2026',
          key,
          labels[key],
          ...FIGURES.map((f) => csvNumber(expected[key]![f])),
        ]);
      }
    });
  });

  it('gives one total row in CSV without a grouping', async () => {
    const res = await t.http
      .get('/api/v1/indicators')
      .query({ format: 'csv' })
      .set(manager.auth)
      .expect(200);
    const rows = parseCsv(res.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.slice(0, 4)).toEqual(['Du', 'Au', 'Code', 'Libellé']);
    expect(rows[0]!.slice(4)).toContain('Taux de rupture');
    expect(rows[1]).toEqual([
      '01/01/2026',
      '31/12/2026',
      '',
      'Total',
      ...FIGURES.map((f) => csvNumber(TOTALS[f])),
    ]);
  });

  it('counts January only for a January period, with empty rates where nothing happened', async () => {
    // I1 (01-15) and I7 (00:30 on 1 January in Paris), both outbound, E1 and E4; entry P1 (01-10),
    // not ruptured; follow-ups done F1 (on time) and F9 (late); nothing overdue by 31 January
    // (F3, F13 are due in June); P3 started after January; no campaign launched in January.
    const res = await t.http
      .get('/api/v1/indicators')
      .query({ from: '2026-01-01', to: '2026-01-31' })
      .set(manager.auth)
      .expect(200);
    expect(res.body.totals).toEqual(
      fig({
        employersContacted: 2,
        interactions: 2,
        outreachShare: 1,
        jobEntries: 1,
        ruptureRate: 0,
        followUpsDone: 2,
        followUpsOnTimeRate: 0.5,
      }),
    );
  });

  it('puts an instant in the Paris calendar year it belongs to', async () => {
    // 2025: I6 (23:30 on 31 December in Paris); new E1 (05-01) and E5 (01-10); O4 (5 positions);
    // P4 entered 2025-09-01 (professionalisation) and ruptured only in 2026 -> rate 0; F12 done on
    // time; EV3; the 2025 campaign: E1 answered satisfaction 1 and no recommendation -> NPS null.
    const res = await t.http
      .get('/api/v1/indicators')
      .query({ from: '2025-01-01', to: '2025-12-31', groupBy: 'adviser' })
      .set(manager.auth)
      .expect(200);
    expect(res.body.totals).toEqual(
      fig({
        employersContacted: 1,
        newEmployers: 2,
        interactions: 1,
        outreachShare: 1,
        offersCollected: 1,
        positionsCollected: 5,
        jobEntries: 1,
        alternanceEntries: 1,
        ruptureRate: 0,
        followUpsDone: 1,
        followUpsOnTimeRate: 1,
        events: 1,
        surveyResponseRate: 1,
        satisfactionMean: 1,
      }),
    );
    const b = (res.body.groups as { key: string; events: number; interactions: number }[]).find(
      (g) => g.key === w.adviserB,
    );
    // I6 was logged by B, who also organised EV3.
    expect(b).toMatchObject({ interactions: 1, events: 1 });
  });

  it('rejects a bad period or grouping with 400', async () => {
    const bad = await t.http
      .get('/api/v1/indicators')
      .query({ from: '2026-02-30' })
      .set(manager.auth)
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'from', message: 'must be a date YYYY-MM-DD' }]);
    await t.http
      .get('/api/v1/indicators')
      .query({ from: '2026-05-01', to: '2026-04-01' })
      .set(manager.auth)
      .expect(400);
    const g = await t.http
      .get('/api/v1/indicators')
      .query({ groupBy: 'city' })
      .set(manager.auth)
      .expect(400);
    expect(g.body.errors[0].field).toBe('groupBy');
    await t.http.get('/api/v1/indicators').query({ format: 'xlsx' }).set(manager.auth).expect(400);
  });
});
