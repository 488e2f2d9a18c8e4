import { findCommune } from '../reference/communes.js';
import { checkNaf } from '../employers/employer-rules.js';
import type { NafVersion } from '../reference/naf.js';

/** A record of a SIRENE stock file, keyed by INSEE's column names. */
export type SireneRecord = Record<string, string | undefined>;

/** What the register keeps of an establishment (names come from its legal unit afterwards). */
export interface ProspectRow {
  siret: string;
  siren: string;
  tradeName: string | null;
  nafCode: string | null;
  nafVersion: NafVersion;
  headcountBand: string | null;
  street: string | null;
  postalCode: string | null;
  inseeCode: string;
  city: string | null;
  epciCode: string;
  epciName: string;
  createdOn: string | null;
}

/** INSEE masks the values of non-diffusible persons with [ND]: they are absent, never shown. */
export function value(r: SireneRecord, column: string): string | null {
  const v = r[column]?.trim();
  return !v || v === '[ND]' ? null : v;
}

// Headcount bands that mean nobody on the payroll: NN (no employee) and 00 (0 employees).
const NO_EMPLOYEE = new Set(['NN', '00']);

export type EstablishmentFate =
  { kind: 'prospect'; row: ProspectRow } | { kind: 'closed'; siret: string } | { kind: 'ignored' };

/**
 * What an establishment of StockEtablissement is to the register: an active employer of the
 * territory (a prospect), a closed one of the territory (its employer, if any, is flagged), or
 * nothing to us.
 */
export function establishmentFate(
  r: SireneRecord,
  territory: ReadonlySet<string>,
): EstablishmentFate {
  const siret = value(r, 'siret');
  const inseeCode = value(r, 'codeCommuneEtablissement');
  if (!siret || !/^\d{14}$/.test(siret) || !inseeCode) return { kind: 'ignored' };
  const commune = findCommune(inseeCode);
  if (!commune?.epci || !territory.has(commune.epci.code)) return { kind: 'ignored' };
  const state = value(r, 'etatAdministratifEtablissement');
  if (state === 'F') return { kind: 'closed', siret };
  if (state !== 'A') return { kind: 'ignored' };
  const band = value(r, 'trancheEffectifsEtablissement');
  const employer =
    value(r, 'caractereEmployeurEtablissement') === 'O' ||
    (band !== null && !NO_EMPLOYEE.has(band));
  if (!employer) return { kind: 'ignored' };
  // A partly diffusible establishment (statut P) shows only its commune.
  const hidden = value(r, 'statutDiffusionEtablissement') === 'P';
  const street = hidden
    ? null
    : [
        value(r, 'numeroVoieEtablissement'),
        value(r, 'indiceRepetitionEtablissement'),
        value(r, 'typeVoieEtablissement'),
        value(r, 'libelleVoieEtablissement'),
      ]
        .filter(Boolean)
        .join(' ') || null;
  const postalCode = value(r, 'codePostalEtablissement');
  return {
    kind: 'prospect',
    row: {
      siret,
      siren: value(r, 'siren') ?? siret.slice(0, 9),
      tradeName: hidden
        ? null
        : (value(r, 'enseigne1Etablissement') ?? value(r, 'denominationUsuelleEtablissement')),
      ...activity(r),
      headcountBand: band,
      street,
      // CEDEX and other special codes are not the commune's: the employer derives it then.
      postalCode: postalCode && commune.postalCodes.includes(postalCode) ? postalCode : null,
      inseeCode,
      city: commune.name,
      epciCode: commune.epci.code,
      epciName: commune.epci.name,
      createdOn: dateOrNull(value(r, 'dateCreationEtablissement')),
    },
  };
}

/** The activity code: NAF 2025 when SIRENE gives it, else NAF rév. 2; an unknown code is dropped. */
function activity(r: SireneRecord): { nafCode: string | null; nafVersion: NafVersion } {
  const naf25 = value(r, 'activitePrincipaleNAF25Etablissement');
  if (naf25) {
    const c = checkNaf(naf25, '2025');
    if (!('error' in c)) return c;
  }
  const code = value(r, 'activitePrincipaleEtablissement');
  const nomenclature = value(r, 'nomenclatureActivitePrincipaleEtablissement');
  if (code && (nomenclature === null || nomenclature === 'NAFRev2')) {
    const c = checkNaf(code, 'rev2');
    if (!('error' in c)) return c;
  }
  return { nafCode: null, nafVersion: 'rev2' };
}

function dateOrNull(v: string | null): string | null {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

/**
 * The name of a legal unit of StockUniteLegale: its company name, or the first name and surname
 * of an individual entrepreneur (the usual surname when given); null when INSEE masks it.
 */
export function legalUnitName(r: SireneRecord): string | null {
  const company = value(r, 'denominationUniteLegale');
  if (company) return company;
  if (value(r, 'statutDiffusionUniteLegale') === 'P') return null;
  const surname = value(r, 'nomUsageUniteLegale') ?? value(r, 'nomUniteLegale');
  if (!surname) return null;
  return [value(r, 'prenomUsuelUniteLegale') ?? value(r, 'prenom1UniteLegale'), surname]
    .filter(Boolean)
    .join(' ');
}

/**
 * The columns each SIRENE stock file must have (by INSEE name, in any order): without them an
 * establishment cannot be placed, kept or masked as INSEE asks, or a legal unit named. A file
 * lacking one is refused before anything is written (a wrong file, or the two files swapped).
 */
export const REQUIRED_COLUMNS = {
  etablissements: [
    'siret',
    'codeCommuneEtablissement',
    'etatAdministratifEtablissement',
    'statutDiffusionEtablissement',
    'trancheEffectifsEtablissement',
    'caractereEmployeurEtablissement',
    'activitePrincipaleEtablissement',
  ],
  'unites-legales': [
    'siren',
    'statutDiffusionUniteLegale',
    'denominationUniteLegale',
    'nomUniteLegale',
  ],
} as const;
