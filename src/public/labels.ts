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

export function formatDateFr(value: Date | string, timeZone: string): string {
  const d =
    typeof value === 'string' && value.length === 10
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value);
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: typeof value === 'string' && value.length === 10 ? 'UTC' : timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}
