import { csvText, type CsvCell } from '../common/csv.js';
import type { ContractType } from '../common/vocabulary.js';
import { FIGURES, type Figure, type Figures, type GroupBy } from './indicator-figures.js';

export interface IndicatorGroup extends Figures {
  key: string | null;
  label: string;
}

export interface IndicatorsReport {
  from: string;
  to: string;
  groupBy: GroupBy | null;
  totals: Figures;
  groups: IndicatorGroup[];
}

export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  cdi: 'CDI',
  cdd: 'CDD',
  apprenticeship: 'Contrat d’apprentissage',
  professionalisation: 'Contrat de professionnalisation',
  temporary_work: 'Intérim',
  pec: 'Parcours emploi compétences (PEC)',
  cie: 'Contrat initiative emploi (CIE)',
  iae: 'Insertion par l’activité économique (IAE)',
  pmsmp: 'Immersion (PMSMP)',
};

export const NO_GROUP_LABEL = 'Non renseigné';

const GROUP_HEADERS: Record<GroupBy, string> = {
  adviser: 'Conseiller',
  epci: 'EPCI',
  sector: 'Secteur (section NAF)',
  contractType: 'Type de contrat',
};

/** Column headers a French manager reads in Excel. */
export const FIGURE_HEADERS: Record<Figure, string> = {
  employersContacted: 'Employeurs contactés',
  newEmployers: 'Nouveaux employeurs',
  interactions: 'Contacts avec les employeurs',
  outreachShare: 'Part des contacts à l’initiative de la ML',
  offersCollected: 'Offres recueillies',
  positionsCollected: 'Postes recueillis',
  jobEntries: 'Entrées en emploi',
  alternanceEntries: 'Entrées en alternance',
  ruptures: 'Ruptures',
  ruptureRate: 'Taux de rupture',
  rupturesInTrial: 'Ruptures en période d’essai',
  followUpsDone: 'Suivis réalisés',
  followUpsOnTimeRate: 'Taux de suivis dans les délais',
  followUpsOverdue: 'Suivis en retard',
  placementsAtRisk: 'Placements à risque',
  events: 'Événements',
  eventPlacements: 'Embauches issues d’un événement',
  surveyResponseRate: 'Taux de réponse à l’enquête',
  satisfactionMean: 'Satisfaction moyenne (1 à 5)',
  nps: 'NPS',
};

export const RATE_DIGITS: Partial<Record<Figure, number>> = {
  outreachShare: 4,
  ruptureRate: 4,
  followUpsOnTimeRate: 4,
  surveyResponseRate: 4,
  satisfactionMean: 2,
  nps: 1,
};

/** A figure rounded to its digits; null stays null (an empty cell). */
export function rounded(value: number | null, digits = 0): number | null {
  if (value === null) return null;
  return digits > 0 ? Number(value.toFixed(digits)) : Math.round(value);
}

/** A number as French Excel reads it: decimal comma, no thousands separator; null is an empty cell. */
export function frenchNumber(value: number | null, digits = 0): string {
  const r = rounded(value, digits);
  return r === null ? '' : String(r).replace('.', ',');
}

function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * UTF-8 with BOM, `;` separator, CRLF, decimal comma: opens cleanly in a French Excel. Written by
 * the shared CSV writer (formulas neutralised, awkward text quoted); figures stay numbers so that
 * a negative NPS is not taken for a formula.
 */
export function indicatorsCsv(report: IndicatorsReport): string {
  const header = [
    'Du',
    'Au',
    report.groupBy ? `Code ${GROUP_HEADERS[report.groupBy]}` : 'Code',
    report.groupBy ? GROUP_HEADERS[report.groupBy] : 'Libellé',
    ...FIGURES.map((f) => FIGURE_HEADERS[f]),
  ];
  const row = (key: string, label: string, figures: Figures): CsvCell[] => [
    frenchDate(report.from),
    frenchDate(report.to),
    key,
    label,
    ...FIGURES.map((f) => rounded(figures[f], RATE_DIGITS[f] ?? 0)),
  ];
  return csvText(
    [
      header,
      row('', 'Total', report.totals),
      ...report.groups.map((g) => row(g.key ?? '', g.label, g)),
    ],
    { cast: { number: (n) => String(n).replace('.', ',') } },
  );
}
