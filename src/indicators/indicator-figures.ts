// Pure arithmetic of the indicators: additive counts from SQL in, the published figures out.

export const GROUP_BYS = ['adviser', 'epci', 'sector', 'contractType'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const FIGURES = [
  'employersContacted',
  'newEmployers',
  'interactions',
  'outreachShare',
  'offersCollected',
  'positionsCollected',
  'jobEntries',
  'alternanceEntries',
  'ruptures',
  'ruptureRate',
  'rupturesInTrial',
  'followUpsDone',
  'followUpsOnTimeRate',
  'followUpsOverdue',
  'placementsAtRisk',
  'events',
  'eventPlacements',
  'surveyResponseRate',
  'satisfactionMean',
  'nps',
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number | null>;

/** What the SQL families return per group: only sums and counts, so groups can be added up. */
export interface Counts {
  employersContacted: number;
  newEmployers: number;
  interactions: number;
  outbound: number;
  offersCollected: number;
  positionsCollected: number;
  jobEntries: number;
  alternanceEntries: number;
  eventPlacements: number;
  entriesRuptured: number;
  ruptures: number;
  rupturesInTrial: number;
  followUpsDone: number;
  followUpsOnTime: number;
  followUpsOverdue: number;
  placementsAtRisk: number;
  events: number;
  invited: number;
  answered: number;
  satisfactionSum: number;
  satisfactionCount: number;
  promoters: number;
  detractors: number;
  recommendCount: number;
}

export function emptyCounts(): Counts {
  return {
    employersContacted: 0,
    newEmployers: 0,
    interactions: 0,
    outbound: 0,
    offersCollected: 0,
    positionsCollected: 0,
    jobEntries: 0,
    alternanceEntries: 0,
    eventPlacements: 0,
    entriesRuptured: 0,
    ruptures: 0,
    rupturesInTrial: 0,
    followUpsDone: 0,
    followUpsOnTime: 0,
    followUpsOverdue: 0,
    placementsAtRisk: 0,
    events: 0,
    invited: 0,
    answered: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    promoters: 0,
    detractors: 0,
    recommendCount: 0,
  };
}

/** Adds counts into `into` (only for additive sources: never distinct counts of overlapping sets). */
export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const [k, v] of Object.entries(more) as [keyof Counts, number | undefined][]) {
    if (typeof v === 'number') into[k] += v;
  }
  return into;
}

/**
 * Figures that a grouping cannot split: interactions, employers, events and the survey have no
 * contract type. Their group values are null (totals still carry them).
 */
export function notSplitBy(groupBy: GroupBy | undefined): ReadonlySet<Figure> {
  if (groupBy !== 'contractType') return new Set();
  return new Set<Figure>([
    'employersContacted',
    'newEmployers',
    'interactions',
    'outreachShare',
    'events',
    'surveyResponseRate',
    'satisfactionMean',
    'nps',
  ]);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A share in 0..1 rounded to 4 decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

/** Net Promoter Score in points (−100..100): % promoters (9–10) − % detractors (0–6). */
export function netPromoterScore(
  promoters: number,
  detractors: number,
  answers: number,
): number | null {
  return answers > 0 ? round(((promoters - detractors) * 100) / answers, 1) : null;
}

export function toFigures(c: Counts, hidden: ReadonlySet<Figure> = new Set()): Figures {
  const figures: Figures = {
    employersContacted: c.employersContacted,
    newEmployers: c.newEmployers,
    interactions: c.interactions,
    outreachShare: rate(c.outbound, c.interactions),
    offersCollected: c.offersCollected,
    positionsCollected: c.positionsCollected,
    jobEntries: c.jobEntries,
    alternanceEntries: c.alternanceEntries,
    ruptures: c.ruptures,
    ruptureRate: rate(c.entriesRuptured, c.jobEntries),
    rupturesInTrial: c.rupturesInTrial,
    followUpsDone: c.followUpsDone,
    followUpsOnTimeRate: rate(c.followUpsOnTime, c.followUpsDone),
    followUpsOverdue: c.followUpsOverdue,
    placementsAtRisk: c.placementsAtRisk,
    events: c.events,
    eventPlacements: c.eventPlacements,
    surveyResponseRate: rate(c.answered, c.invited),
    satisfactionMean:
      c.satisfactionCount > 0 ? round(c.satisfactionSum / c.satisfactionCount, 2) : null,
    nps: netPromoterScore(c.promoters, c.detractors, c.recommendCount),
  };
  for (const f of hidden) figures[f] = null;
  return figures;
}
