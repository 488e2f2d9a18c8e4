// Domain vocabulary shared by several modules (docs/product.md). Values are the API's lower_snake enums.

export const CONTRACT_TYPES = [
  'cdi',
  'cdd',
  'apprenticeship',
  'professionalisation',
  'temporary_work',
  'pec',
  'cie',
  'iae',
  'pmsmp',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Contract types that need an end date. `cie` may be either; it is fixed-term when it has one. */
export const FIXED_TERM_TYPES: readonly ContractType[] = [
  'cdd',
  'apprenticeship',
  'professionalisation',
  'temporary_work',
  'pec',
  'iae',
  'pmsmp',
];
export const ALTERNANCE_TYPES: readonly ContractType[] = ['apprenticeship', 'professionalisation'];

export const ROLES = ['admin', 'manager', 'adviser'] as const;
export type Role = (typeof ROLES)[number];
