import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
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

// Every query gets the four parameters; this unused CTE gives each one its type.
const PARAMS = 'WITH _params AS (SELECT $1::date, $2::date, $3::text, $4::date, $5::timestamptz)';

export function familySql(f: Family, groupBy: GroupBy | undefined): string {
  const key = groupBy ? f.keys[groupBy] : undefined;
  if (!key) {
    return `${PARAMS}, src AS (${f.source('NULL::text')})
      SELECT NULL::text AS k, true AS total, ${f.aggregates} FROM src`;
  }
  return `${PARAMS}, src AS (${f.source(key)})
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

    // One consistent snapshot for every family, read-only (a replica can serve it).
    const snapshot = (fn: (m: EntityManager) => Promise<Row[][]>) =>
      this.reads.run((r) =>
        r.transaction('REPEATABLE READ', async (m) => {
          await m.query('SET TRANSACTION READ ONLY');
          return fn(m);
        }),
      );
    const family = (m: EntityManager, f: Family): Promise<Row[]> =>
      m.query(familySql(f, groupBy), params);
    const live = async (m: EntityManager): Promise<Record<number, Row[]>> =>
      ((await m.query(liveSql(groupBy), params)) as Record<number, Row[]>[])[0]!;

    // A period of closed months takes the families that do not describe the present from the
    // cache when no row they count has changed since (ADR 1612). The key is read first, in one
    // short statement: a hit holds no connection while another request computes.
    const key = cached
      ? await this.reads.run((r) => this.cache.keyFor(r, period, groupBy, now))
      : null;
    const hit = key ? await this.cache.get<Row[][]>(key) : null;
    let results: Row[][];
    if (hit) {
      const present = await this.reads.run(live);
      results = FAMILIES.map((f, i) => (f.live ? present[i]! : hit[i]!));
    } else {
      const all = () =>
        snapshot(async (m) => {
          const present = await live(m);
          const out: Row[][] = [];
          for (const [i, f] of FAMILIES.entries())
            out.push(f.live ? present[i]! : await family(m, f));
          // Stored under the key read in the snapshot the figures come from.
          const inner = key ? await this.cache.keyFor(m, period, groupBy, now) : null;
          if (inner)
            await this.cache.set(
              inner,
              out.map((rows, i) => (FAMILIES[i]!.live ? [] : rows)),
            );
          return out;
        });
      // The requests for a period arriving while it is computed wait for that one computation,
      // closed or not: an open period's figures are then those of a snapshot taken at most one
      // computation before the request (ADR 1612), instead of ten year scans at once on two cores.
      const inFlight =
        key ?? (cached ? `open:${period.from}:${period.to}:${groupBy ?? '-'}` : null);
      results = inFlight ? await this.cache.once(inFlight, all) : await all();
    }

    const totals = emptyCounts();
    const groups = new Map<Key, Counts>();
    results.forEach((rows, i) => {
      const family = FAMILIES[i]!;
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
    });

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
