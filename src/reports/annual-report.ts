import type { Figure, Figures } from '../indicators/indicator-figures.js';
import {
  FIGURE_HEADERS,
  RATE_DIGITS,
  type IndicatorsReport,
} from '../indicators/indicators-csv.js';

// The annual report ("bilan annuel") of orientation 4 of the Mission Locale's plan: for each
// action, the year's figures beside the previous year's (docs/annual-report.md). Pure: the
// service gathers the reports, this file arranges them.

export const ACTION_KEYS = [
  '12.1',
  '12.2',
  '12.3',
  '12.4',
  '12.5',
  '13.2',
  '13.3',
  '13.4',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

/** Figures the indicators do not compute, specific to the report. */
export interface ReportExtras {
  prospectsTakenOn: number;
  dormantContactedAgain: number;
}
export type Extra = keyof ReportExtras;
type Measure = Figure | Extra;

export const EXTRA_HEADERS: Record<Extra, string> = {
  prospectsTakenOn: 'Prospects SIRENE pris en charge',
  dormantContactedAgain: 'Employeurs en sommeil recontactés',
};

interface ActionDefinition {
  title: string;
  measures: Measure[];
  /** A figure split by a grouping of the indicators, when the action asks for it. */
  breakdown?: { by: 'contractType' | 'sector'; title: string; measures: Figure[] };
}

export const ACTIONS: Record<ActionKey, ActionDefinition> = {
  '12.1': {
    title: 'Aller vers les employeurs',
    measures: [
      'employersContacted',
      'newEmployers',
      'interactions',
      'outreachShare',
      'prospectsTakenOn',
    ],
  },
  '12.2': {
    title: 'Enquête annuelle auprès des employeurs',
    measures: ['surveyResponseRate', 'satisfactionMean', 'nps'],
    breakdown: {
      by: 'sector',
      title: 'Par secteur (section NAF)',
      measures: ['surveyResponseRate', 'satisfactionMean', 'nps'],
    },
  },
  '12.3': {
    title: 'Rencontres entre jeunes et employeurs',
    measures: ['events', 'eventPlacements'],
  },
  '12.4': {
    title: 'Garder le lien avec les employeurs sans besoin exprimé',
    measures: ['dormantContactedAgain', 'employersContacted'],
  },
  '12.5': {
    title: 'Visibilité des offres d’emploi',
    measures: ['offersCollected', 'positionsCollected'],
  },
  '13.2': {
    title: 'Suivi dans l’emploi, un service aux employeurs',
    measures: ['followUpsDone', 'followUpsOnTimeRate', 'followUpsOverdue', 'placementsAtRisk'],
  },
  '13.3': {
    title: 'Un suivi adapté à chaque type de contrat',
    measures: ['jobEntries', 'alternanceEntries', 'ruptures', 'rupturesInTrial', 'ruptureRate'],
    breakdown: {
      by: 'contractType',
      title: 'Par type de contrat',
      measures: ['jobEntries', 'ruptures', 'rupturesInTrial'],
    },
  },
  '13.4': {
    title: 'Synergies entre conseillers et employeurs',
    measures: ['interactions', 'jobEntries'],
  },
};

export interface ComparedValue {
  key: Measure;
  label: string;
  year: number | null;
  previous: number | null;
}

export interface BreakdownRow {
  key: string | null;
  label: string;
  values: ComparedValue[];
}

export interface ReportAction {
  key: ActionKey;
  title: string;
  figures: ComparedValue[];
  breakdown: { by: 'contractType' | 'sector'; title: string; rows: BreakdownRow[] } | null;
}

export interface AnnualReport {
  year: number;
  previousYear: number;
  /** The calendar year; for the year in progress, the figures stop at now (docs/indicators.md). */
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  actions: ReportAction[];
}

/** One year's inputs: the totals, the two groupings the report splits by, and the extras. */
export interface YearInputs {
  totals: IndicatorsReport;
  byContractType: IndicatorsReport;
  bySector: IndicatorsReport;
  extras: ReportExtras;
}

const labelOf = (m: Measure): string =>
  m in EXTRA_HEADERS ? EXTRA_HEADERS[m as Extra] : FIGURE_HEADERS[m as Figure];

function valueOf(m: Measure, figures: Figures, extras: ReportExtras): number | null {
  return m in EXTRA_HEADERS ? extras[m as Extra] : figures[m as Figure];
}

function compareGroups(
  by: 'contractType' | 'sector',
  measures: Figure[],
  year: YearInputs,
  previous: YearInputs,
): BreakdownRow[] {
  const pick = (i: YearInputs) => (by === 'sector' ? i.bySector : i.byContractType).groups;
  const keys = new Map<string | null, string>();
  for (const g of [...pick(year), ...pick(previous)])
    if (!keys.has(g.key)) keys.set(g.key, g.label);
  const rows: BreakdownRow[] = [];
  for (const [key, label] of keys) {
    const a = pick(year).find((g) => g.key === key);
    const b = pick(previous).find((g) => g.key === key);
    rows.push({
      key,
      label,
      values: measures.map((m) => ({
        key: m,
        label: FIGURE_HEADERS[m],
        // A group absent from a year had nothing to count: 0, or no rate at all.
        year: a ? a[m] : m in RATE_DIGITS ? null : 0,
        previous: b ? b[m] : m in RATE_DIGITS ? null : 0,
      })),
    });
  }
  return rows.sort((x, y) =>
    x.key === null ? 1 : y.key === null ? -1 : x.label.localeCompare(y.label, 'fr'),
  );
}

export function buildAnnualReport(
  yearNumber: number,
  year: YearInputs,
  previous: YearInputs,
): AnnualReport {
  return {
    year: yearNumber,
    previousYear: yearNumber - 1,
    period: { from: year.totals.from, to: year.totals.to },
    previousPeriod: { from: previous.totals.from, to: previous.totals.to },
    actions: ACTION_KEYS.map((key) => {
      const def = ACTIONS[key];
      return {
        key,
        title: def.title,
        figures: def.measures.map((m) => ({
          key: m,
          label: labelOf(m),
          year: valueOf(m, year.totals.totals, year.extras),
          previous: valueOf(m, previous.totals.totals, previous.extras),
        })),
        breakdown: def.breakdown
          ? {
              by: def.breakdown.by,
              title: def.breakdown.title,
              rows: compareGroups(def.breakdown.by, def.breakdown.measures, year, previous),
            }
          : null,
      };
    }),
  };
}
