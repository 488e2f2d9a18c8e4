import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, Clock, localDate } from '../common/clock.js';
import type { ContractType } from '../common/vocabulary.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { allCommunes, findCommune } from '../reference/communes.js';
import { nafSectionLabel, nafSectionSql } from '../reference/naf.js';
import {
  addCounts,
  emptyCounts,
  notSplitBy,
  toFigures,
  type Counts,
  type GroupBy,
} from './indicator-figures.js';
import { resolvePeriod } from './indicator-period.js';
import {
  CONTRACT_TYPE_LABELS,
  NO_GROUP_LABEL,
  type IndicatorGroup,
  type IndicatorsReport,
} from './indicators-csv.js';
import { ReadReplicas } from '../database/read-replicas.js';
import { IndicatorCache } from './indicator-cache.js';

type Key = string | null;
type Row = { k: Key; total: boolean } & Record<string, unknown>;

/**
 * The group key of one family of figures, as SQL over its aliases; null: the grouping cannot
 * split this family. `e` is always the employer concerned.
 */
type KeySql = Partial<Record<GroupBy, string>>;

interface Family {
  keys: KeySql;
  /** Describes the present (what is overdue or at risk now): never cached (ADR 1612). */
  live?: boolean;
  /** SELECT … FROM … WHERE … producing `k` plus the columns the aggregates read. */
  source: (k: string) => string;
  /** Aggregates over `src`, aliased as Counts fields. */
  aggregates: string;
}

// $1 first day, $2 last day (inclusive, local calendar days), $3 time zone, $4 today (local),
// $5 now. A period never reaches past now: what is planned for later has not happened yet.
const START = `(($1::date)::timestamp AT TIME ZONE $3)`;
const END = `((($2::date) + 1)::timestamp AT TIME ZONE $3)`;
const LAST_DAY = `LEAST($2::date, $4::date)`;
/** An instant in the period: local midnights compared on the raw (indexed) column. */
const during = (col: string) =>
  `${col} >= ${START} AND ${col} < ${END} AND ${col} <= $5::timestamptz`;
/** The employer join, only when the group key reads it: totals and adviser groups skip it. */
const employer = (k: string, fk: string) =>
  /\be\./.test(k) ? `JOIN employers e ON e.id = ${fk}` : '';
/**
 * A follow-up's placement (and its employer), only when the group key reads them: totals skip
 * the join. It can drop no row: `placement_id` is NOT NULL, a foreign key deleting its follow-ups.
 */
const placement = (k: string) =>
  /\b[pe]\./.test(k)
    ? `JOIN placements p ON p.id = f.placement_id ${employer(k, 'p.employer_id')}`
    : '';
/** A calendar date in the period. */
const onDays = (col: string) => `${col} BETWEEN $1::date AND ${LAST_DAY}`;
const SECTION = nafSectionSql('e.naf_code', 'e.naf_version');
const NOT_IMMERSION = `p.contract_type IS DISTINCT FROM 'pmsmp'`;
const placementKeys: KeySql = {
  adviser: 'p.adviser_id::text',
  epci: 'e.epci_code',
  sector: SECTION,
  contractType: 'p.contract_type::text',
};
// A numeric survey answer in range, whether stored as a JSON number or a numeric string.
const answer = (alias: string, min: number, max: number) =>
  `CASE WHEN (${alias}.value #>> '{}') ~ '^[0-9]{1,2}$'
         AND (${alias}.value #>> '{}')::int BETWEEN ${min} AND ${max}
        THEN (${alias}.value #>> '{}')::int END`;

export const SATISFACTION_KEY = 'satisfaction';
export const RECOMMEND_KEY = 'recommend';

// One query per family of figures, each aggregated in PostgreSQL with GROUPING SETS so that the
// totals (distinct counts included) and the groups come from the same scan. See docs/indicators.md.
export const FAMILIES: Family[] = [
  {
    // First: employers contacted, a distinct count, never split over time (OPEN_FAMILIES).
    keys: { adviser: 'i.author_id::text', epci: 'e.epci_code', sector: SECTION },
    source: (k) => `SELECT ${k} AS k, i.employer_id, i.direction
      FROM interactions i ${employer(k, 'i.employer_id')}
      WHERE ${during('i.occurred_at')}`,
    aggregates: `count(DISTINCT employer_id)::int AS "employersContacted",
      count(*)::int AS "interactions",
      count(*) FILTER (WHERE direction = 'outbound')::int AS "outbound"`,
  },
  {
    keys: { adviser: 'e.referent_id::text', epci: 'e.epci_code', sector: SECTION },
    source: (k) => `SELECT ${k} AS k FROM employers e
      WHERE ${during('e.created_at')} AND e.merged_into_id IS NULL`,
    aggregates: `count(*)::int AS "newEmployers"`,
  },
  {
    keys: {
      adviser: 'o.adviser_id::text',
      epci: 'e.epci_code',
      sector: SECTION,
      contractType: 'o.contract_type::text',
    },
    source: (k) => `SELECT ${k} AS k, o.positions
      FROM job_offers o ${employer(k, 'o.employer_id')}
      WHERE ${during('o.created_at')}`,
    aggregates: `count(*)::int AS "offersCollected",
      coalesce(sum(positions), 0)::int AS "positionsCollected"`,
  },
  {
    keys: placementKeys,
    source: (k) => `SELECT ${k} AS k, p.contract_type, p.event_id, p.outcome, p.rupture_date
      FROM placements p ${employer(k, 'p.employer_id')}
      WHERE p.status = 'hired' AND ${onDays('p.start_date')} AND ${NOT_IMMERSION}`,
    aggregates: `count(*)::int AS "jobEntries",
      count(*) FILTER (WHERE contract_type IN ('apprenticeship', 'professionalisation'))::int AS "alternanceEntries",
      count(*) FILTER (WHERE event_id IS NOT NULL)::int AS "eventPlacements",
      count(*) FILTER (WHERE outcome = 'ruptured' AND rupture_date <= ${LAST_DAY})::int AS "entriesRuptured"`,
  },
  {
    keys: placementKeys,
    source: (k) => `SELECT ${k} AS k, p.rupture_in_trial_period
      FROM placements p ${employer(k, 'p.employer_id')}
      WHERE p.outcome = 'ruptured' AND ${onDays('p.rupture_date')} AND ${NOT_IMMERSION}`,
    aggregates: `count(*)::int AS "ruptures",
      count(*) FILTER (WHERE rupture_in_trial_period)::int AS "rupturesInTrial"`,
  },
  {
    keys: placementKeys,
    source: (k) => `SELECT ${k} AS k, f.done_on, f.due_date
      FROM follow_ups f ${placement(k)}
      WHERE f.status = 'done' AND ${onDays('f.done_on')}`,
    aggregates: `count(*)::int AS "followUpsDone",
      count(*) FILTER (WHERE done_on <= due_date + 7)::int AS "followUpsOnTime"`,
  },
  {
    keys: placementKeys,
    live: true,
    source: (k) => `SELECT ${k} AS k
      FROM follow_ups f ${placement(k)}
      WHERE f.status = 'planned' AND f.due_date <= $2::date AND f.due_date < $4::date`,
    aggregates: `count(*)::int AS "followUpsOverdue"`,
  },
  {
    keys: placementKeys,
    live: true,
    source: (k) => `SELECT ${k} AS k
      FROM placements p ${employer(k, 'p.employer_id')}
      WHERE p.at_risk AND p.status = 'hired' AND (p.outcome IS NULL OR p.outcome = 'ongoing')
        AND p.start_date <= ${LAST_DAY}`,
    aggregates: `count(*)::int AS "placementsAtRisk"`,
  },
  {
    // EPCI: the event's commune (mapped to its EPCI after aggregation); sector: the sectors of the
    // employers taking part (an event counts once in each).
    keys: { adviser: 'ev.organiser_id::text', epci: 'ev.insee_code::text', sector: SECTION },
    source: (k) => `SELECT ${k} AS k, ev.id
      FROM events ev
      ${/\be\./.test(k) ? 'LEFT JOIN event_employers ee ON ee.event_id = ev.id LEFT JOIN employers e ON e.id = ee.employer_id' : ''}
      WHERE ${during('ev.starts_at')}`,
    aggregates: `count(DISTINCT id)::int AS "events"`,
  },
  {
    keys: { adviser: 'e.referent_id::text', epci: 'e.epci_code', sector: SECTION },
    source: (k) => `SELECT ${k} AS k, r.id AS response_id,
        ${answer('a1', 1, 5)} AS satisfaction, ${answer('a2', 0, 10)} AS recommend
      FROM survey_campaigns c
      JOIN survey_invitations si ON si.campaign_id = c.id
      ${employer(k, 'si.employer_id')}
      LEFT JOIN survey_responses r ON r.invitation_id = si.id
      LEFT JOIN survey_answers a1 ON a1.response_id = r.id AND a1.question_key = '${SATISFACTION_KEY}'
      LEFT JOIN survey_answers a2 ON a2.response_id = r.id AND a2.question_key = '${RECOMMEND_KEY}'
      WHERE ${during('c.launched_at')}`,
    aggregates: `count(*)::int AS "invited",
      count(response_id)::int AS "answered",
      coalesce(sum(satisfaction), 0)::int AS "satisfactionSum",
      count(satisfaction)::int AS "satisfactionCount",
      count(*) FILTER (WHERE recommend >= 9)::int AS "promoters",
      count(*) FILTER (WHERE recommend <= 6)::int AS "detractors",
      count(recommend)::int AS "recommendCount"`,
  },
];

/**
 * The open months of a period that starts in closed months (ADR 1614): `$1` is the first day of
 * the open part, `$6` the first day of the period, whose closed months (`$6` to the day before
 * `$1`) come from the cache. Closed part + open part = the whole period, family by family:
 *
 * - the families of FAMILIES that add up over time, on the open part: all but the first
 *   (employers contacted is a distinct count over the whole period: the first family is computed
 *   over the whole period instead, which measured cheaper than finding, for each employer
 *   contacted in the open months, whether it was contacted in the closed ones);
 * - plus the entries of the closed part ruptured in the open part: a period's entries ruptured
 *   count ruptures up to its last day, which the closed part's figures stop at.
 */
const OPEN_FAMILIES: Family[] = [
  ...FAMILIES.slice(1).filter((f) => !f.live),
  {
    keys: placementKeys,
    source: (k) => `SELECT ${k} AS k
      FROM placements p ${employer(k, 'p.employer_id')}
      WHERE p.status = 'hired' AND p.start_date >= $6::date AND p.start_date < $1::date
        AND ${NOT_IMMERSION}
        AND p.outcome = 'ruptured' AND p.rupture_date >= $1::date AND p.rupture_date <= ${LAST_DAY}`,
    aggregates: `count(*)::int AS "entriesRuptured"`,
  },
];

// Every query gets the five parameters (six for the open part); this unused CTE gives each its type.
const PARAMS = 'WITH _params AS (SELECT $1::date, $2::date, $3::text, $4::date, $5::timestamptz)';
const OPEN_PARAMS =
  'WITH _params AS (SELECT $1::date, $2::date, $3::text, $4::date, $5::timestamptz, $6::date)';

export function familySql(f: Family, groupBy: GroupBy | undefined, prelude = PARAMS): string {
  const key = groupBy ? f.keys[groupBy] : undefined;
  if (!key) {
    return `${prelude}, src AS (${f.source('NULL::text')})
      SELECT NULL::text AS k, true AS total, ${f.aggregates} FROM src`;
  }
  return `${prelude}, src AS (${f.source(key)})
    SELECT k, GROUPING(k) = 1 AS total, ${f.aggregates}
    FROM src GROUP BY GROUPING SETS ((), (k))`;
}

const LIVE = FAMILIES.flatMap((f, i) => (f.live ? [i] : []));

/**
 * The families describing the present, all in one statement (one snapshot by itself, one round
 * trip): a cache hit runs only this. Column `"i"` holds the rows of `FAMILIES[i]` as JSON.
 */
export function liveSql(groupBy: GroupBy | undefined): string {
  return `SELECT ${LIVE.map(
    (i) =>
      `(SELECT coalesce(json_agg(r), '[]') FROM (${familySql(FAMILIES[i]!, groupBy)}) r) AS "${i}"`,
  ).join(', ')}`;
}

let epciNames: Map<string, string> | undefined;
function epciName(code: string): string | undefined {
  if (!epciNames) {
    epciNames = new Map();
    for (const c of allCommunes()) if (c.epci) epciNames.set(c.epci.code, c.epci.name);
  }
  return epciNames.get(code);
}

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly reads: ReadReplicas,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: IndicatorCache,
  ) {}

  /** `cached: false` computes every figure from the rows (the cache's own tests compare both). */
  async compute(
    q: { from?: string; to?: string; groupBy?: GroupBy },
    { cached = true }: { cached?: boolean } = {},
  ): Promise<IndicatorsReport> {
    const tz = this.config.timeZone;
    const now = this.clock.now();
    const period = resolvePeriod(q, now, tz);
    const params = [period.from, period.to, tz, localDate(now, tz), now.toISOString()];
    const groupBy = q.groupBy;

    const live = async (m: EntityManager): Promise<Record<number, Row[]>> =>
      ((await m.query(liveSql(groupBy), params)) as Record<number, Row[]>[])[0]!;
    // Each family with its rows; the rows of several entries for one family add up.
    let results: [Family, Row[]][] | null = null;

    const openFrom = this.cache.firstOpenDay(now);
    if (cached && period.to < openFrom) {
      // A period of closed months: the families that do not describe the present come from the
      // cache (ADR 1612); those that do are computed now.
      const closed = await this.closedRows(period, groupBy, now);
      if (closed) {
        const present = await this.reads.run(live);
        results = FAMILIES.map((f, i) => [f, f.live ? present[i]! : closed[i]!]);
      }
    } else if (cached && period.from < openFrom) {
      // A period starting in closed months and reaching the open ones (the current year): its
      // closed months from the cache, the open months from the rows (ADR 1614). The requests
      // for it arriving while this runs share it (ADR 1612): ten managers opening the dashboard
      // together cost one scan of the open months.
      results = await this.cache.once(
        `split:${period.from}:${period.to}:${groupBy ?? '-'}`,
        async () => {
          const before = await this.closedRows(
            { from: period.from, to: addDays(openFrom, -1) },
            groupBy,
            now,
          );
          // At the turn of a month the database may not see the closed part as closed yet.
          if (!before) return null;
          const openParams = [openFrom, period.to, tz, params[3], params[4], period.from];
          const open = await this.snapshot(async (m) => {
            const present = await live(m);
            const whole: Row[] = await m.query(familySql(FAMILIES[0]!, groupBy), params);
            const rows: Row[][] = [];
            for (const f of OPEN_FAMILIES)
              rows.push(await m.query(familySql(f, groupBy, OPEN_PARAMS), openParams));
            return { present, whole, rows };
          });
          return [
            ...FAMILIES.map((f, i): [Family, Row[]] => [
              f,
              f.live ? open.present[i]! : i === 0 ? open.whole : before[i]!,
            ]),
            ...OPEN_FAMILIES.map((f, i): [Family, Row[]] => [f, open.rows[i]!]),
          ];
        },
      );
    }
    if (!results) {
      const all = () =>
        this.snapshot(async (m) => {
          const out: [Family, Row[]][] = [];
          for (const f of FAMILIES) out.push([f, await m.query(familySql(f, groupBy), params)]);
          return out;
        });
      // An open period (this month alone, or the turn of a month): computed from the rows, once
      // for the requests arriving while it is computed (ADR 1612).
      results = cached
        ? await this.cache.once(`open:${period.from}:${period.to}:${groupBy ?? '-'}`, all)
        : await all();
    }

    const totals = emptyCounts();
    const groups = new Map<Key, Counts>();
    for (const [family, rows] of results) {
      for (const { k, total, ...counts } of rows) {
        if (total) {
          addCounts(totals, counts as Partial<Counts>);
          continue;
        }
        // Events are grouped by commune in SQL; their EPCI comes from the reference data.
        const key =
          groupBy === 'epci' && family.keys.epci?.startsWith('ev.')
            ? k && (findCommune(k)?.epci?.code ?? null)
            : k;
        addCounts(groups.get(key) ?? groups.set(key, emptyCounts()).get(key)!, counts);
      }
    }

    const labels = groupBy ? await this.labels(groupBy, [...groups.keys()]) : new Map();
    const hidden = notSplitBy(groupBy);
    const list: IndicatorGroup[] = [...groups.entries()].map(([key, c]) => ({
      key,
      label: key === null ? NO_GROUP_LABEL : (labels.get(key) ?? key),
      ...toFigures(c, hidden),
    }));
    list.sort((a, b) =>
      a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label, 'fr'),
    );
    return {
      from: period.from,
      to: period.to,
      groupBy: groupBy ?? null,
      totals: toFigures(totals),
      groups: list,
    };
  }

  /**
   * The rows of the families that do not describe the present, for a period of closed months:
   * from the cache, or computed once in this process and stored (ADR 1612). Null when the period
   * is not closed. The key is read first, in one short statement: a hit holds no connection
   * while another request computes.
   */
  private async closedRows(
    period: { from: string; to: string },
    groupBy: GroupBy | undefined,
    now: Date,
  ): Promise<Row[][] | null> {
    const key = await this.reads.run((r) => this.cache.keyFor(r, period, groupBy, now));
    if (!key) return null;
    const hit = await this.cache.get<Row[][]>(key);
    if (hit) return hit;
    const tz = this.config.timeZone;
    const params = [period.from, period.to, tz, localDate(now, tz), now.toISOString()];
    return this.cache.once(key, () =>
      this.snapshot(async (m) => {
        const out: Row[][] = [];
        for (const f of FAMILIES)
          out.push(f.live ? [] : await m.query(familySql(f, groupBy), params));
        // Stored under the key read in the snapshot the figures come from.
        const inner = await this.cache.keyFor(m, period, groupBy, now);
        if (inner) await this.cache.set(inner, out);
        return out;
      }),
    );
  }

  /** One consistent snapshot for several families, read-only (a replica can serve it). */
  private snapshot<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.reads.run((r) =>
      r.transaction('REPEATABLE READ', async (m) => {
        await m.query('SET TRANSACTION READ ONLY');
        return fn(m);
      }),
    );
  }

  private async labels(groupBy: GroupBy, keys: Key[]): Promise<Map<string, string>> {
    const present = keys.filter((k): k is string => k !== null);
    switch (groupBy) {
      case 'adviser': {
        const rows: { id: string; display_name: string }[] = await this.reads.query(
          'SELECT id::text, display_name FROM users WHERE id = ANY($1::uuid[])',
          [present],
        );
        return new Map(rows.map((r) => [r.id, r.display_name]));
      }
      case 'epci':
        return new Map(present.map((k) => [k, epciName(k) ?? k]));
      case 'sector':
        return new Map(present.map((k) => [k, nafSectionLabel(k)]));
      case 'contractType':
        return new Map(present.map((k) => [k, CONTRACT_TYPE_LABELS[k as ContractType] ?? k]));
    }
  }
}
