import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

// SIRENE stock files in INSEE's format: comma-separated, quoted, INSEE's column names. Columns
// are deliberately not in INSEE's order, and an unused one is added, because the import finds
// them by name.

export const ETABLISSEMENT_COLUMNS = [
  'siren',
  'nic',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'activitePrincipaleRegistreMetiersEtablissement',
  'etablissementSiege',
  'enseigne1Etablissement',
  'denominationUsuelleEtablissement',
  'numeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'codeCommuneEtablissement',
  'etatAdministratifEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'activitePrincipaleNAF25Etablissement',
  'caractereEmployeurEtablissement',
] as const;

export const UNITE_LEGALE_COLUMNS = [
  'siren',
  'statutDiffusionUniteLegale',
  'unitePurgeeUniteLegale',
  'dateCreationUniteLegale',
  'sexeUniteLegale',
  'prenom1UniteLegale',
  'prenomUsuelUniteLegale',
  'nomUniteLegale',
  'nomUsageUniteLegale',
  'denominationUniteLegale',
  'categorieJuridiqueUniteLegale',
  'etatAdministratifUniteLegale',
] as const;

type Etab = Partial<Record<(typeof ETABLISSEMENT_COLUMNS)[number], string>>;
type Ul = Partial<Record<(typeof UNITE_LEGALE_COLUMNS)[number], string>>;

/** An active employer establishment in Besançon, overridable field by field. */
export function anEtablissement(siret: string, o: Etab = {}): Etab {
  return {
    siren: siret.slice(0, 9),
    nic: siret.slice(9),
    siret,
    statutDiffusionEtablissement: 'O',
    dateCreationEtablissement: '2015-03-01',
    trancheEffectifsEtablissement: '11',
    etablissementSiege: 'true',
    numeroVoieEtablissement: '12',
    typeVoieEtablissement: 'RUE',
    libelleVoieEtablissement: 'DES GRANGES',
    codePostalEtablissement: '25000',
    libelleCommuneEtablissement: 'BESANCON',
    codeCommuneEtablissement: '25056',
    etatAdministratifEtablissement: 'A',
    activitePrincipaleEtablissement: '56.10A',
    nomenclatureActivitePrincipaleEtablissement: 'NAFRev2',
    caractereEmployeurEtablissement: 'O',
    ...o,
  };
}

export function aUniteLegale(siren: string, o: Ul = {}): Ul {
  return {
    siren,
    statutDiffusionUniteLegale: 'O',
    dateCreationUniteLegale: '2015-03-01',
    denominationUniteLegale: `SOCIETE ${siren}`,
    categorieJuridiqueUniteLegale: '5710',
    etatAdministratifUniteLegale: 'A',
    ...o,
  };
}

export function writeSireneFile(
  path: string,
  columns: readonly string[],
  rows: Record<string, string | undefined>[],
): void {
  writeFileSync(
    path,
    stringify(
      rows.map((r) => columns.map((c) => r[c] ?? '')),
      { header: true, columns: [...columns], quoted: true },
    ),
  );
}
