import type { Role } from '../common/vocabulary.js';
import { CONTRACT_TYPE_LABELS as INDICATOR_CONTRACT_LABELS } from '../indicators/indicators-csv.js';

/** The service's name as staff read it in titles and the header. */
export const SERVICE_NAME = 'CRM relations entreprises';

export const ROLE_LABELS: Record<Role, string> = {
  adviser: 'Conseiller·ère',
  manager: 'Direction',
  admin: 'Administration',
};

/** The steps of the follow-up plans (migrations' plan v1), as advisers say them. */
export const STEP_LABELS: Record<string, string> = {
  first_day: 'Premier jour',
  first_days: 'Premiers jours',
  first_week: 'Première semaine',
  first_weeks: 'Premières semaines',
  first_month: 'Premier mois',
  one_month: 'Un mois',
  two_months: 'Deux mois',
  three_months: 'Trois mois',
  six_months: 'Six mois',
  half_yearly: 'Point semestriel',
  before_trial_end: 'Avant la fin de la période d’essai',
  free_rupture_window: 'Fin de la période de rupture libre',
  mid_contract: 'Mi-contrat',
  mid_term_review: 'Bilan à mi-parcours',
  assessment: 'Bilan',
  before_end: 'Avant la fin du contrat',
  exit_interview: 'Entretien de fin',
  next_step: 'Suite du parcours',
  diploma_next_step: 'Diplôme et suite du parcours',
  ad_hoc: 'Suivi ponctuel',
  debrief: 'Bilan après la rupture',
  risk_check: 'Point sur le risque',
};

/** A step's label; a key added by a later plan version reads "Risk check" rather than nothing. */
export function stepLabel(key: string): string {
  // A repeated step is keyed `half_yearly#2` (its second occurrence).
  const [base = key, repeat] = key.split('#');
  const known = STEP_LABELS[base];
  const words = base.replace(/_/g, ' ');
  const label = known ?? words.charAt(0).toUpperCase() + words.slice(1);
  return repeat ? `${label} n° ${repeat}` : label;
}

export const WITH_WHOM_LABELS: Record<string, string> = {
  young_person: 'avec le jeune',
  employer: 'avec l’employeur',
  both: 'avec le jeune et l’employeur',
};

export const EMPLOYER_STATUS_LABELS: Record<string, string> = {
  prospect: 'Prospect',
  partner: 'Partenaire',
  archived: 'Archivée',
};

export const EMPLOYER_SOURCE_LABELS: Record<string, string> = {
  outreach: 'Prospection',
  inbound: 'Demande de l’entreprise',
  event: 'Événement',
  partner: 'Partenaire',
  other: 'Autre',
};

export const INTERACTION_TYPE_LABELS: Record<string, string> = {
  phone: 'Téléphone',
  visit: 'Visite',
  email: 'E-mail',
  meeting: 'Rendez-vous',
  event: 'Événement',
  other: 'Autre',
};

export const DIRECTION_LABELS: Record<string, string> = {
  outbound: 'Nous les avons contactés',
  inbound: 'Ils nous ont contactés',
};

export const NEED_LABELS: Record<string, string> = {
  recruitment: 'Recrutement',
  apprenticeship: 'Alternance',
  immersion: 'Immersion',
  training: 'Formation',
  follow_up: 'Suivi d’un jeune',
  information: 'Information',
  other: 'Autre',
};

export const OFFER_STATUS_LABELS: Record<string, string> = {
  draft: 'Brouillon',
  published: 'Publiée',
  filled: 'Pourvue',
  closed: 'Clôturée',
  expired: 'Expirée',
};

export const PLACEMENT_STATUS_LABELS: Record<string, string> = {
  proposed: 'Proposée',
  interview: 'Entretien',
  hired: 'Embauche',
  declined: 'Refusée',
  withdrawn: 'Retirée',
};

export const RISK_LABELS: Record<string, string> = {
  none: 'aucun risque',
  watch: 'à surveiller',
  high: 'risque élevé',
};

/** A label from a table, or the raw value when the table does not know it yet. */
export const labelOf = (labels: Record<string, string>, value: string | null | undefined) =>
  value ? (labels[value] ?? value) : '';

/** As `Option`s for a select or a choice group, in the table's order. */
export const optionsOf = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

// Vocabulary of placements, follow-ups and events (docs/product.md), as staff say it.

/** The contract types as the indicators' CSV names them: one French name per type. */
export const CONTRACT_TYPE_LABELS: Record<string, string> = INDICATOR_CONTRACT_LABELS;

export const OUTCOME_LABELS: Record<string, string> = {
  ongoing: 'Contrat en cours',
  completed: 'Contrat terminé',
  ruptured: 'Contrat rompu',
};

export const RUPTURE_INITIATIVE_LABELS: Record<string, string> = {
  employer: 'L’employeur',
  employee: 'Le jeune',
  mutual: 'D’un commun accord',
  other: 'Autre',
};

export const CHANNEL_LABELS: Record<string, string> = {
  visit: 'Visite',
  phone: 'Téléphone',
  email: 'E-mail',
  video: 'Visioconférence',
  meeting: 'Rendez-vous',
  other: 'Autre',
};

export const FOLLOW_UP_STATUS_LABELS: Record<string, string> = {
  planned: 'Prévu',
  done: 'Fait',
  cancelled: 'Annulé',
};

/** Who a follow-up is with, as a choice in a form ("avec …" reads in a sentence: WITH_WHOM_LABELS). */
export const WITH_WHOM_CHOICES: Record<string, string> = {
  young_person: 'Le jeune',
  employer: 'L’employeur',
  both: 'Le jeune et l’employeur',
};

export const EVENT_TYPE_LABELS: Record<string, string> = {
  job_dating: 'Job dating',
  forum: 'Forum',
  company_visit: 'Visite d’entreprise',
  info_session: 'Réunion d’information',
  workshop: 'Atelier',
};

export const ATTENDANCE_LABELS: Record<string, string> = {
  registered: 'Inscrit',
  attended: 'Présent',
  absent: 'Absent',
};

/** INSEE's "tranches d'effectif salarié" (SIRENE `trancheEffectifs…` codes) in words. */
export const HEADCOUNT_BAND_LABELS: Record<string, string> = {
  NN: 'Pas de salarié déclaré',
  '00': '0 salarié',
  '01': '1 ou 2 salariés',
  '02': '3 à 5 salariés',
  '03': '6 à 9 salariés',
  '11': '10 à 19 salariés',
  '12': '20 à 49 salariés',
  '21': '50 à 99 salariés',
  '22': '100 à 199 salariés',
  '31': '200 à 249 salariés',
  '32': '250 à 499 salariés',
  '41': '500 à 999 salariés',
  '42': '1 000 à 1 999 salariés',
  '51': '2 000 à 4 999 salariés',
  '52': '5 000 à 9 999 salariés',
  '53': '10 000 salariés et plus',
};
