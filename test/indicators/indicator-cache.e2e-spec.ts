import type { EntityManager } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { APP_CONFIG } from '../../src/config/config.js';
import { ReadReplicas } from '../../src/database/read-replicas.js';
import { IndicatorCache } from '../../src/indicators/indicator-cache.js';
import type { GroupBy } from '../../src/indicators/indicator-figures.js';
import { IndicatorsService } from '../../src/indicators/indicators.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { aPlacement } from '../support/factories/placement.js';
import { anEmployer } from '../support/factories/employer.js';
import { aParticipation, anEvent } from '../support/factories/event.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { BESANCON, buildWorld, MONTBELIARD, type World } from '../support/indicator-world.js';

// The cache of closed months (ADR 1612): a cached period must always give what the rows give.
// The world of test/support/indicator-world.ts, seen on 2026-06-15: January to May are closed.
const CLOSED = { from: '2026-01-01', to: '2026-05-31' };
// The current year: January to May from the cache, June computed from the rows (ADR 1614).
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const GROUPINGS: (GroupBy | undefined)[] = [undefined, 'adviser', 'epci', 'sector', 'contractType'];

describe('indicators of closed months, from the cache', () => {
  let t: TestApp;
  let w: World;
  let indicators: IndicatorsService;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-06-15T10:00:00Z') });
    const a = await t.staff('adviser');
    const b = await t.staff('adviser');
    w = await buildWorld(t.ds, a.id, b.id);
    indicators = t.app.get(IndicatorsService);
  });
  afterAll(() => t.close());

  const both = async (groupBy?: GroupBy, period = CLOSED) => ({
    cached: await indicators.compute({ ...period, groupBy }),
    raw: await indicators.compute({ ...period, groupBy }, { cached: false }),
  });

  /** A write the triggers do not see: what a stale cache would keep giving. */
  const unseen = async (sql: string, params: unknown[] = []) => {
    const qr = t.ds.createQueryRunner();
    try {
      await qr.query(`SET session_replication_role = replica`);
      await qr.query(sql, params);
    } finally {
      await qr.query(`SET session_replication_role = DEFAULT`);
      await qr.release();
    }
  };

  it('serves a closed period from the cache, and a period reaching this month from the rows', async () => {
    const before = await both();
    expect(before.cached).toEqual(before.raw);
    expect(before.raw.totals.interactions).toBeGreaterThan(0);

    // Hidden from the triggers, a change shows only in the rows: the closed period was cached…
    await unseen(
      `UPDATE interactions SET occurred_at = '2026-03-03T10:00:00Z'
        WHERE id = (SELECT id FROM interactions
                     WHERE occurred_at < '2025-12-31' OR occurred_at >= '2026-06-01' LIMIT 1)`,
    );
    const hidden = await both();
    expect(hidden.raw.totals.interactions!).toBeGreaterThan(before.raw.totals.interactions!);
    expect(hidden.cached).toEqual(before.cached);
    // The current year counts its contacts from the rows (employers contacted is a distinct count
    // over the whole year, ADR 1614)…
    const year = await both(undefined, YEAR);
    expect(year.cached).toEqual(year.raw);
    // … and takes its other figures of closed months from the same cache: a hidden change to an
    // offer of March shows only in the rows.
    await unseen(
      `UPDATE job_offers SET positions = positions + 5
        WHERE id = (SELECT id FROM job_offers
                     WHERE created_at >= '2026-01-01' AND created_at < '2026-06-01' LIMIT 1)`,
    );
    const after = await both(undefined, YEAR);
    expect(after.raw.totals.positionsCollected).toBe(year.raw.totals.positionsCollected! + 5);
    expect(after.cached).toEqual(year.cached);

    // The same kind of change, seen by the triggers, reaches the cached period at once.
    await t.ds.query(
      `UPDATE interactions SET direction = 'inbound' WHERE occurred_at = '2026-03-03T10:00:00Z'`,
    );
    const seen = await both();
    expect(seen.cached).toEqual(seen.raw);
    expect(seen.raw.totals.interactions).toEqual(hidden.raw.totals.interactions);
  });

  // Each write changes the figures of the closed months; after each, every grouping from the
  // cache (warmed before the write) equals the figures from the rows.
  const WRITES: [string, (w: World) => Promise<unknown>][] = [
    [
      'a contact logged afterwards, dated in February',
      (w) =>
        t.ds.query(
          `INSERT INTO interactions (id, employer_id, author_id, type, direction, occurred_at, subject)
           SELECT gen_random_uuid(), $1, referent_id, 'phone', 'outbound', '2026-02-10T09:00:00Z', 'Rappel'
             FROM employers WHERE id = $1`,
          [w.employers.e4],
        ),
    ],
    [
      'a contact removed',
      () =>
        t.ds.query(
          `DELETE FROM interactions WHERE id = (SELECT id FROM interactions WHERE occurred_at >= '2026-01-01' AND occurred_at < '2026-06-01' ORDER BY occurred_at LIMIT 1)`,
        ),
    ],
    [
      "an employer's EPCI changed",
      (w) =>
        t.ds.query(`UPDATE employers SET insee_code = $2, epci_code = $3 WHERE id = $1`, [
          w.employers.e1,
          MONTBELIARD.insee,
          MONTBELIARD.epci,
        ]),
    ],
    [
      "an employer's NAF code changed",
      (w) => t.ds.query(`UPDATE employers SET naf_code = '47.11A' WHERE id = $1`, [w.employers.e2]),
    ],
    [
      "an employer's referent changed",
      (w) =>
        t.ds.query(`UPDATE employers SET referent_id = $2 WHERE id = $1`, [
          w.employers.e3,
          w.adviserB,
        ]),
    ],
    [
      'an employer merged into another, its records moved',
      async (w) => {
        await t.ds.query(`UPDATE interactions SET employer_id = $2 WHERE employer_id = $1`, [
          w.employers.e3,
          w.employers.e1,
        ]);
        await t.ds.query(`UPDATE employers SET merged_into_id = $2 WHERE id = $1`, [
          w.employers.e3,
          w.employers.e1,
        ]);
      },
    ],
    [
      'a rupture recorded afterwards, dated in April',
      (w) =>
        t.ds.query(
          `UPDATE placements SET outcome = 'ruptured', rupture_date = '2026-04-20', rupture_in_trial_period = true WHERE id = $1`,
          [w.p3],
        ),
    ],
    [
      "a placement's adviser changed",
      (w) => t.ds.query(`UPDATE placements SET adviser_id = $2 WHERE id = $1`, [w.p3, w.adviserB]),
    ],
    [
      'a follow-up completed afterwards, dated in May',
      () =>
        t.ds.query(
          `UPDATE follow_ups SET status = 'done', done_on = '2026-05-20' WHERE id = (SELECT id FROM follow_ups WHERE status = 'cancelled' LIMIT 1)`,
        ),
    ],
    [
      'an offer corrected',
      () =>
        t.ds.query(
          `UPDATE job_offers SET positions = positions + 3 WHERE created_at >= '2026-01-01' AND created_at < '2026-06-01'`,
        ),
    ],
    [
      'a survey answer changed',
      () => t.ds.query(`UPDATE survey_answers SET value = '1' WHERE question_key = 'satisfaction'`),
    ],
    [
      'a survey response erased',
      () =>
        t.ds.query(
          `DELETE FROM survey_responses WHERE id = (SELECT id FROM survey_responses LIMIT 1)`,
        ),
    ],
    [
      "an employer's creation date corrected into the period",
      (w) =>
        t.ds.query(`UPDATE employers SET created_at = '2026-02-20T10:00:00Z' WHERE id = $1`, [
          w.employers.e1,
        ]),
    ],
    [
      "an employer's creation date corrected out of the period",
      (w) =>
        t.ds.query(`UPDATE employers SET created_at = '2025-11-20T10:00:00Z' WHERE id = $1`, [
          w.employers.e2,
        ]),
    ],
    [
      'an employer erased with its records',
      async (w) => {
        await t.ds.query(`DELETE FROM interactions WHERE employer_id = $1`, [w.employers.e5]);
        await t.ds.query(`UPDATE employers SET epci_code = NULL, naf_code = NULL WHERE id = $1`, [
          w.employers.e5,
        ]);
      },
    ],
  ];

  /**
   * Every grouping of `period` through the cache (which warms it) equals the rows, before and
   * after `write`, and the write changed the figures: a cache that missed it would fail.
   */
  const checkWrite = async (period: typeof CLOSED, write: () => Promise<unknown>) => {
    const before = new Map<GroupBy | undefined, unknown>();
    for (const g of GROUPINGS) {
      const r = await both(g, period);
      expect(r.cached).toEqual(r.raw);
      before.set(g, r.raw);
    }
    await write();
    let changed = false;
    for (const g of GROUPINGS) {
      const r = await both(g, period);
      expect(r.cached).toEqual(r.raw);
      if (JSON.stringify(r.raw) !== JSON.stringify(before.get(g))) changed = true;
    }
    expect(changed).toBe(true);
  };

  it.each(WRITES)('gives the figures of the rows after %s', async (_, write) => {
    // The current year too: its closed months come from the same cache (ADR 1614).
    for (const g of GROUPINGS) {
      const r = await both(g, YEAR);
      expect(r.cached).toEqual(r.raw);
    }
    await checkWrite(CLOSED, () => write(w));
    for (const g of GROUPINGS) {
      const r = await both(g, YEAR);
      expect(r.cached).toEqual(r.raw);
    }
  });

  // Writes in the open month (June), each meeting the closed months in its own way: the current
  // year, closed months from the cache and June from the rows, must equal the year from the rows.
  const OPEN_WRITES: [string, (w: World) => Promise<unknown>][] = [
    [
      'a contact in June with an employer its adviser had contacted in closed months',
      (w) =>
        anInteraction(t.ds, w.employers.e2, w.adviserB, { occurred_at: '2026-06-02T09:00:00Z' }),
    ],
    [
      'a contact in June with an employer another adviser had contacted in closed months',
      (w) =>
        anInteraction(t.ds, w.employers.e2, w.adviserA, { occurred_at: '2026-06-03T09:00:00Z' }),
    ],
    [
      'a contact in June with an employer not contacted in closed months, by two advisers',
      async (w) => {
        const e = await anEmployer(t.ds, {
          legal_name: 'Nouveau en juin',
          insee_code: MONTBELIARD.insee,
          referent_id: w.adviserA,
          created_at: '2026-06-01T08:00:00Z',
        });
        await anInteraction(t.ds, e, w.adviserA, { occurred_at: '2026-06-04T09:00:00Z' });
        await anInteraction(t.ds, e, w.adviserA, { occurred_at: '2026-06-05T09:00:00Z' });
        await anInteraction(t.ds, e, w.adviserB, { occurred_at: '2026-06-05T10:00:00Z' });
      },
    ],
    [
      'a contact on the first day of June, Paris time (still May in UTC)',
      (w) =>
        anInteraction(t.ds, w.employers.e4, w.adviserB, { occurred_at: '2026-05-31T22:30:00Z' }),
    ],
    [
      'an entry of the closed months ruptured in June',
      (w) =>
        aPlacement(t.ds, w.employers.e2, {
          status: 'hired',
          outcome: 'ruptured',
          adviser_id: w.adviserB,
          contract_type: 'cdi',
          start_date: '2026-02-15',
          rupture_date: '2026-06-08',
          rupture_in_trial_period: false,
        }),
    ],
    [
      'an entry in June, and a follow-up done in June',
      async (w) => {
        const p = await aPlacement(t.ds, w.employers.e4, {
          status: 'hired',
          outcome: 'ongoing',
          adviser_id: w.adviserA,
          contract_type: 'apprenticeship',
          start_date: '2026-06-01',
        });
        await aFollowUp(t.ds, p, { due_date: '2026-06-10', done_on: '2026-06-12', status: 'done' });
      },
    ],
    [
      'an offer collected and an event held in June',
      async (w) => {
        await aJobOffer(t.ds, w.employers.e3, { created_at: '2026-06-09T09:00:00Z', positions: 2 });
        const ev = await anEvent(t.ds, {
          starts_at: '2026-06-11T09:00:00Z',
          insee_code: BESANCON.insee,
          organiser_id: w.adviserB,
        });
        await aParticipation(t.ds, ev, w.employers.e1);
      },
    ],
  ];

  it.each(OPEN_WRITES)('gives the figures of the rows for the current year after %s', (_, write) =>
    checkWrite(YEAR, () => write(w)),
  );

  it('keeps counting from the rows what describes the present (overdue, at risk)', async () => {
    const before = await both();
    await unseen(`UPDATE placements SET at_risk = NOT at_risk WHERE status = 'hired'`);
    const after = await both();
    expect(after.cached).toEqual(after.raw);
    expect(after.raw.totals.placementsAtRisk).not.toEqual(before.raw.totals.placementsAtRisk);
  });

  it('counts every overdue follow-up and placement at risk, of merged and erased employers too, on a cache hit, grouped or not', async () => {
    // Placements at risk with follow-ups left undone in the closed months: at the employer merged
    // away (e6), at the one erased (e5: no address, no NAF code), and without adviser nor contract.
    const placements: [string, Record<string, unknown>][] = [
      [w.employers.e6, { adviser_id: w.adviserB, contract_type: 'cdi' }],
      [w.employers.e5, { adviser_id: w.adviserA, contract_type: 'apprenticeship' }],
      [w.employers.e2, {}],
    ];
    const ids: string[] = [];
    for (const [employer, columns] of placements) {
      const p = await aPlacement(t.ds, employer, {
        status: 'hired',
        outcome: 'ongoing',
        start_date: '2026-02-02',
        at_risk: true,
        ...columns,
      });
      await aFollowUp(t.ds, p, { due_date: '2026-03-03' });
      await aFollowUp(t.ds, p, { due_date: '2026-05-31' });
      ids.push(p);
    }
    for (const g of GROUPINGS) await indicators.compute({ ...CLOSED, groupBy: g }); // warms
    // Unseen by the triggers: a contact in March (only the rows show it: the cache still serves)
    // and one more overdue follow-up (what is overdue now is read from the rows all the same).
    await unseen(
      `INSERT INTO interactions (id, employer_id, author_id, type, direction, occurred_at, subject)
       VALUES (gen_random_uuid(), $1, $2, 'phone', 'outbound', '2026-03-04T09:00:00Z', 'Rappel')`,
      [w.employers.e1, w.adviserA],
    );
    await unseen(
      `INSERT INTO follow_ups (placement_id, due_date, step_key) VALUES ($1, '2026-04-04', 'ad_hoc')`,
      [ids[0]],
    );

    // What is overdue on 2026-06-15 for a period ending 2026-05-31, and at risk, from the rows.
    const count = async (sql: string) =>
      new Map(
        ((await t.ds.query(sql)) as { k: string | null; n: number }[]).map((r) => [
          r.k,
          Number(r.n),
        ]),
      );
    const overdue = (col: string) =>
      count(
        `SELECT ${col}::text AS k, count(*) AS n FROM follow_ups f
           JOIN placements p ON p.id = f.placement_id JOIN employers e ON e.id = p.employer_id
          WHERE f.status = 'planned' AND f.due_date <= '2026-05-31' GROUP BY 1`,
      );
    const atRisk = (col: string) =>
      count(
        `SELECT ${col}::text AS k, count(*) AS n FROM placements p
           JOIN employers e ON e.id = p.employer_id
          WHERE p.at_risk AND p.status = 'hired' AND (p.outcome IS NULL OR p.outcome = 'ongoing')
            AND p.start_date <= '2026-05-31' GROUP BY 1`,
      );
    const total = (m: Map<string | null, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const allOverdue = total(await overdue('NULL'));
    const allAtRisk = total(await atRisk('NULL'));
    expect(allOverdue).toBeGreaterThanOrEqual(7);
    expect(allAtRisk).toBeGreaterThanOrEqual(3);
    const column: Partial<Record<GroupBy, string>> = {
      adviser: 'p.adviser_id',
      epci: 'e.epci_code',
      contractType: 'p.contract_type',
    };

    for (const g of GROUPINGS) {
      const { cached, raw } = await both(g);
      expect(cached.totals.interactions).toBe(raw.totals.interactions! - 1); // a cache hit
      for (const r of [cached, raw]) {
        expect(r.totals.followUpsOverdue).toBe(allOverdue);
        expect(r.totals.placementsAtRisk).toBe(allAtRisk);
        if (!g) continue;
        const groups = (f: 'followUpsOverdue' | 'placementsAtRisk') =>
          new Map(r.groups.filter((x) => x[f]).map((x) => [x.key, x[f] as number]));
        expect(total(groups('followUpsOverdue'))).toBe(allOverdue);
        expect(total(groups('placementsAtRisk'))).toBe(allAtRisk);
        if (column[g]) {
          expect(groups('followUpsOverdue')).toEqual(await overdue(column[g]));
          expect(groups('placementsAtRisk')).toEqual(await atRisk(column[g]));
        }
      }
    }

    // The hidden contact removed where the triggers see it: the cache follows the rows again, and
    // the current year (closed months cached, what is overdue and at risk now from the rows) too.
    await t.ds.query(`DELETE FROM interactions WHERE occurred_at = '2026-03-04T09:00:00Z'`);
    for (const g of GROUPINGS) {
      for (const period of [CLOSED, YEAR]) {
        const r = await both(g, period);
        expect(r.cached).toEqual(r.raw);
      }
    }
  });

  it('names its database in the key: another database with the same changes does not share it', async () => {
    const other = await createTestApp({ now: new Date('2026-06-15T10:00:00Z') });
    try {
      const a = await other.staff('adviser');
      await buildWorld(other.ds, a.id, a.id);
      const svc = other.app.get(IndicatorsService);
      expect(await svc.compute(CLOSED)).toEqual(await svc.compute(CLOSED, { cached: false }));
    } finally {
      await other.close();
    }
  });
  it('computes a period reaching this month once for the requests that arrive while it runs', async () => {
    // The service's reads, counting the snapshot transactions the figures are computed in.
    const real = t.app.get(ReadReplicas);
    let snapshots = 0;
    const counting = {
      run: <T>(fn: (m: EntityManager) => Promise<T>) =>
        real.run((m) =>
          fn(
            new Proxy(m, {
              get: (target, prop, receiver) => {
                if (prop === 'transaction') snapshots++;
                return Reflect.get(target, prop, receiver) as unknown;
              },
            }),
          ),
        ),
      query: <T>(sql: string, params?: unknown[]) =>
        counting.run((m) => m.query(sql, params) as Promise<T>),
    };
    const svc = new IndicatorsService(
      counting as unknown as ReadReplicas,
      t.app.get(Clock),
      t.app.get(APP_CONFIG),
      t.app.get(IndicatorCache),
    );
    const year = { from: '2026-01-01', to: '2026-12-31' };
    for (const groupBy of [undefined, 'adviser'] as const) {
      // The closed months of the year cached first (ADR 1614): what is counted is the open month.
      await svc.compute({ ...year, groupBy });
      snapshots = 0;
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => svc.compute({ ...year, groupBy })));
      expect(snapshots).toBe(1);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(a).toEqual(await indicators.compute({ ...year, groupBy }, { cached: false }));
      // One after the other, each request computes again: nothing is kept for an open period.
      snapshots = 0;
      await svc.compute({ ...year, groupBy });
      await svc.compute({ ...year, groupBy });
      expect(snapshots).toBe(2);
    }
  });

  // Migration 1797200000800: the triggers append nothing for what no closed month counts.
  it('appends no change for a contact dated this month, nor for an employer’s last contact or notes', async () => {
    const changes = async () =>
      (
        (await t.ds.query('SELECT count(*)::int AS n FROM indicator_changes')) as { n: number }[]
      )[0]!.n;
    const log = (at: string) =>
      t.ds.query(
        `INSERT INTO interactions (id, employer_id, author_id, type, direction, occurred_at, subject)
         VALUES (gen_random_uuid(), $1, $2, 'phone', 'outbound', ${at}, 'Rappel')`,
        [w.employers.e2, w.adviserA],
      );
    const before = await changes();
    // The triggers read the database's clock: the second day of its month is never closed.
    const thisMonth = `date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day 12 hours'`;
    await log(thisMonth);
    await t.ds.query(
      `UPDATE employers SET last_interaction_at = ${thisMonth}, notes = 'Rappeler en juin',
                            status = 'partner'
        WHERE id = ANY($1)`,
      [[w.employers.e2, w.employers.e4]],
    );
    expect(await changes()).toBe(before);
    // The same contact dated in a closed month is a change, of that month and its neighbour.
    await log(`'2026-03-01T09:00:00Z'`);
    const months = await t.ds.query(
      `SELECT to_char(month, 'YYYY-MM') AS m FROM indicator_changes ORDER BY id OFFSET $1`,
      [before],
    );
    expect(months.map((r: { m: string }) => r.m).sort()).toEqual(['2026-02', '2026-03']);
  });
});
