import { dateTimeFormat } from '../common/clock.js';
import type { ContractType } from '../common/vocabulary.js';
import type { WorkingTime } from '../job-offers/job-offer.entity.js';

/** How a young person reads each contract type on the public pages. */
export const CONTRACT_LABELS: Record<ContractType, string> = {
  cdi: 'CDI',
  cdd: 'CDD',
  apprenticeship: 'Contrat d’apprentissage',
  professionalisation: 'Contrat de professionnalisation',
  temporary_work: 'Intérim',
  pec: 'Parcours Emploi Compétences (PEC)',
  cie: 'Contrat Initiative Emploi (CIE)',
  iae: 'Insertion par l’activité économique (CDDI)',
  pmsmp: 'Immersion professionnelle (PMSMP)',
};

export const WORKING_TIME_LABELS: Record<WorkingTime, string> = {
  full_time: 'Temps plein',
  part_time: 'Temps partiel',
};

/** "24 h" or "17,5 h": French decimal comma. */
export function formatHours(hours: number): string {
  return `${String(hours).replace('.', ',')} h`;
}

/** "1er avril 2026", "9 mars 2026": a calendar date as is, an instant in the given time zone. */
export function formatDateFr(value: string, timeZone: string): string {
  const isDate = value.length === 10;
  const text = dateTimeFormat('fr-FR', {
    timeZone: isDate ? 'UTC' : timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(isDate ? `${value}T12:00:00Z` : value));
  // French writes the first day of a month as an ordinal.
  return text.replace(/^1 /, '1er ');
}
