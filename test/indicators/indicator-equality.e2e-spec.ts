import type { GroupBy } from '../../src/indicators/indicator-figures.js';
import { IndicatorsService } from '../../src/indicators/indicators.service.js';
import { seed } from '../../src/seed/seed.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { createTestApp } from '../support/test-app.js';

// Issue 16: every indicator from the cache (closed months, ADR 1612; the current year's closed
// months, ADR 1614) equals the indicator computed from the rows — on one Mission Locale's
// generated data (`ml` scale), and on small generated worlds after random writes of every kind
// that reaches closed months.
const NOW = new Date('2026-06-15T10:00:00Z');
const GROUPINGS: (GroupBy | undefined)[] = [undefined, 'adviser', 'epci', 'sector', 'contractType'];
const PERIODS = [
  { from: '2026-01-01', to: '2026-05-31' }, // closed months
  { from: '2026-01-01', to: '2026-12-31' }, // the current year: closed months + June
  { from: '2025-01-01', to: '2025-12-31' }, // last year, closed
  { from: '2025-09-15', to: '2026-06-30' }, // across both years, into the open month
];

/** A small deterministic generator (mulberry32): the same writes on every run. */
function random(seedValue: number): () => number {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function expectCacheEqualsRows(svc: IndicatorsService, label: string): Promise<void> {
  for (const period of PERIODS)
    for (const groupBy of GROUPINGS) {
      const raw = await svc.compute({ ...period, groupBy }, { cached: false });
      // The first call may fill the cache, the second reads it: both must give the rows' figures.
      for (let i = 0; i < 2; i++) {
        const cached = await svc.compute({ ...period, groupBy });
        expect({ label, period, groupBy, figures: cached }).toEqual({
          label,
          period,
          groupBy,
          figures: raw,
        });
      }
    }
}

describe('indicators: the cache equals the rows', () => {
  it('on the ml dataset', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      await seed(t.ds, { scale: 'ml', seed: 5, now: NOW });
      const svc = t.app.get(IndicatorsService);
      const year = await svc.compute({ ...PERIODS[1]!, groupBy: 'adviser' }, { cached: false });
      expect(year.totals.interactions).toBeGreaterThan(1000);
      expect(year.groups.length).toBeGreaterThan(5);
      await expectCacheEqualsRows(svc, 'ml');
    } finally {
      await t.close();
    }
  }, 300_000);

  it.each([21, 22, 23])(
    'on a small world (seed %i) after random backdated writes, erasures, merges, ruptures and plan changes',
    async (worldSeed) => {
      const t = await createTestApp({ now: NOW });
      try {
        await seed(t.ds, { scale: 'demo', seed: worldSeed, now: NOW });
        const svc = t.app.get(IndicatorsService);
        const rnd = random(worldSeed);
        const pick = async (sql: string): Promise<string | undefined> => {
          const rows = (await t.ds.query(sql)) as { id: string }[];
          return rows.length ? rows[Math.floor(rnd() * rows.length)]!.id : undefined;
        };
        // A day of the closed months (2025-06-01 to 2026-05-31), or of June 2026 (open).
        const closedDay = () =>
          new Date(Date.UTC(2025, 5, 1) + Math.floor(rnd() * 365) * 86_400_000)
            .toISOString()
            .slice(0, 10);
        const openDay = () => `2026-06-${String(1 + Math.floor(rnd() * 14)).padStart(2, '0')}`;
        const day = () => (rnd() < 0.7 ? closedDay() : openDay());
        const employer = () => pick(`SELECT id FROM employers WHERE merged_into_id IS NULL`);
        const adviser = () => pick(`SELECT id FROM users WHERE role = 'adviser'`);

        const writes: (() => Promise<unknown>)[] = [
          // A contact logged afterwards, dated in the past (or this month).
          async () =>
            t.ds.query(
              `INSERT INTO interactions (id, employer_id, author_id, type, direction, occurred_at, subject)
               VALUES (gen_random_uuid(), $1, $2, 'phone', $3, $4::date + time '10:00', 'Rappel')`,
              [await employer(), await adviser(), rnd() < 0.5 ? 'inbound' : 'outbound', day()],
            ),
          // A contact removed.
          async () =>
            t.ds.query(`DELETE FROM interactions WHERE id = $1`, [
              await pick(`SELECT id FROM interactions`),
            ]),
          // An employer moved to another EPCI / NAF code, or given to another referent.
          async () =>
            t.ds.query(
              `UPDATE employers SET epci_code = (SELECT epci_code FROM employers WHERE epci_code IS NOT NULL ORDER BY random() LIMIT 1),
                                    naf_code = CASE WHEN $2 THEN '47.11A' ELSE naf_code END,
                                    referent_id = $3
                WHERE id = $1`,
              [await employer(), rnd() < 0.5, await adviser()],
            ),
          // A merge: the source's records moved to the target, the source archived.
          async () => {
            const [a, b] = [await employer(), await employer()];
            if (!a || !b || a === b) return;
            for (const table of ['interactions', 'job_offers', 'placements'])
              await t.ds.query(`UPDATE ${table} SET employer_id = $2 WHERE employer_id = $1`, [
                a,
                b,
              ]);
            await t.ds.query(
              `UPDATE employers SET merged_into_id = $2, status = 'archived' WHERE id = $1`,
              [a, b],
            );
          },
          // A rupture recorded afterwards.
          async () =>
            t.ds.query(
              `UPDATE placements SET outcome = 'ruptured', rupture_date = greatest(start_date, $2::date),
                                     rupture_in_trial_period = $3
                WHERE id = $1`,
              [
                await pick(
                  `SELECT id FROM placements WHERE status = 'hired' AND outcome = 'ongoing'`,
                ),
                day(),
                rnd() < 0.5,
              ],
            ),
          // A plan changed: a planned follow-up moved, or one done (on time or late).
          async () =>
            t.ds.query(
              `UPDATE follow_ups SET due_date = $2::date,
                                     status = CASE WHEN $3 THEN 'done' ELSE status END,
                                     done_on = CASE WHEN $3 THEN $2::date + $4::int ELSE done_on END
                WHERE id = $1`,
              [
                await pick(`SELECT id FROM follow_ups WHERE status = 'planned'`),
                day(),
                rnd() < 0.5,
                Math.floor(rnd() * 12),
              ],
            ),
          // A placement given to another adviser, or another contract type.
          async () =>
            t.ds.query(
              `UPDATE placements SET adviser_id = $2,
                                     contract_type = CASE WHEN $3 THEN 'apprenticeship' ELSE contract_type END
                WHERE id = $1`,
              [await pick(`SELECT id FROM placements`), await adviser(), rnd() < 0.5],
            ),
          // An offer collected afterwards, backdated.
          async () =>
            aJobOffer(t.ds, (await employer())!, {
              positions: 1 + Math.floor(rnd() * 3),
              created_at: `${day()}T09:00:00Z`,
            }),
          // An employer erased: its contacts gone, its address and code emptied.
          async () => {
            const e = await employer();
            await t.ds.query(`DELETE FROM interactions WHERE employer_id = $1`, [e]);
            await t.ds.query(
              `UPDATE employers SET epci_code = NULL, insee_code = NULL, naf_code = NULL WHERE id = $1`,
              [e],
            );
          },
        ];

        await expectCacheEqualsRows(svc, `world ${worldSeed}, before`);
        for (let i = 0; i < 12; i++) {
          const k = Math.floor(rnd() * writes.length);
          await writes[k]!();
          await expectCacheEqualsRows(svc, `world ${worldSeed}, after write ${i} (kind ${k})`);
        }
      } finally {
        await t.close();
      }
    },
    300_000,
  );
});
