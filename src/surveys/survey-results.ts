import {
  NEEDS_OPTIONS,
  SERVICE_OPTIONS,
  type NeedsOption,
  type ServiceOption,
} from './questionnaire.js';

/** One aggregated row from SQL: counts only, so the database does the heavy lifting. */
export interface AggregateRow {
  invited: number;
  answered: number;
  /** satisfaction answers given 1..5 */
  sat: [number, number, number, number, number];
  /** recommendation answers given 0..10 */
  rec: number[];
  needs: Record<NeedsOption, number>;
  services: Record<ServiceOption, number>;
  callback: number;
}

export interface GroupResult {
  invited: number;
  answered: number;
  /** answered / invited, 0..1 */
  responseRate: number | null;
  satisfaction: {
    count: number;
    mean: number | null;
    distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  };
  nps: {
    count: number;
    promoters: number;
    passives: number;
    detractors: number;
    /** promoters − detractors, in points (−100..100) */
    score: number | null;
  };
  recruitmentNeeds: Record<NeedsOption, number>;
  services: Record<ServiceOption, number>;
  callbackRequested: number;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Net Promoter Score: % of 9–10 minus % of 0–6, in points. */
export function npsOf(rec: number[]): GroupResult['nps'] {
  const count = rec.reduce((a, b) => a + b, 0);
  const promoters = (rec[9] ?? 0) + (rec[10] ?? 0);
  const detractors = rec.slice(0, 7).reduce((a, b) => a + b, 0);
  return {
    count,
    promoters,
    passives: count - promoters - detractors,
    detractors,
    score: count ? round(((promoters - detractors) / count) * 100, 1) : null,
  };
}

export function groupResult(r: AggregateRow): GroupResult {
  const satCount = r.sat.reduce((a, b) => a + b, 0);
  const satSum = r.sat.reduce((a, n, k) => a + n * (k + 1), 0);
  return {
    invited: r.invited,
    answered: r.answered,
    responseRate: r.invited ? round(r.answered / r.invited, 4) : null,
    satisfaction: {
      count: satCount,
      mean: satCount ? round(satSum / satCount, 2) : null,
      distribution: { '1': r.sat[0], '2': r.sat[1], '3': r.sat[2], '4': r.sat[3], '5': r.sat[4] },
    },
    nps: npsOf(r.rec),
    recruitmentNeeds: { ...r.needs },
    services: { ...r.services },
    callbackRequested: r.callback,
  };
}

// Column names of the aggregate query, derived from the questionnaire options.
export const SAT_COLS = [1, 2, 3, 4, 5].map((n) => `sat_${n}`);
export const REC_COLS = Array.from({ length: 11 }, (_, n) => `rec_${n}`);
export const NEEDS_COLS = NEEDS_OPTIONS.map((_, k) => `needs_${k}`);
export const SERVICE_COLS = SERVICE_OPTIONS.map((_, k) => `svc_${k}`);

/** Maps a raw SQL row (int columns named above) to an AggregateRow. */
export function aggregateFromSql(row: Record<string, unknown>): AggregateRow {
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    invited: n('invited'),
    answered: n('answered'),
    sat: SAT_COLS.map(n) as AggregateRow['sat'],
    rec: REC_COLS.map(n),
    needs: Object.fromEntries(NEEDS_OPTIONS.map((o, k) => [o, n(NEEDS_COLS[k]!)])) as Record<
      NeedsOption,
      number
    >,
    services: Object.fromEntries(SERVICE_OPTIONS.map((o, k) => [o, n(SERVICE_COLS[k]!)])) as Record<
      ServiceOption,
      number
    >,
    callback: n('callback'),
  };
}
