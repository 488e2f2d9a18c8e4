import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findCommune } from '../../../src/reference/communes.js';
import { withLuhnDigit } from '../../../src/reference/siret.js';
import { type Columns, hex, insertRow } from './sql.js';

export type EmployerColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'siret'
  | 'siren'
  | 'legal_name'
  | 'trade_name'
  | 'naf_code'
  | 'headcount_band'
  | 'street'
  | 'postal_code'
  | 'insee_code'
  | 'city'
  | 'epci_code'
  | 'epci_name'
  | 'qpv'
  | 'frr'
  | 'status'
  | 'referent_id'
  | 'source'
  | 'tags'
  | 'notes'
  | 'last_interaction_at'
  | 'merged_into_id'
  | 'naf_version'
  | 'closed_at'
>;

/** A valid SIRET (Luhn), never La Poste's SIREN whose rule differs. */
export function aSiret(): string {
  let first13 = String(randomInt(1, 9));
  while (first13.length < 13) first13 += String(randomInt(0, 10));
  if (first13.startsWith('356000000')) return aSiret();
  return withLuhnDigit(first13);
}

/**
 * A partner employer in Besançon (restaurant sector, no SIRET, no referent) unless overridden.
 * Postal code, city and EPCI follow `insee_code` as the employers module derives them; `null`
 * leaves the employer without an address.
 */
export function anEmployer(ds: DataSource, overrides: EmployerColumns = {}): Promise<string> {
  const inseeCode = overrides.insee_code === undefined ? '25056' : overrides.insee_code;
  const commune = typeof inseeCode === 'string' ? findCommune(inseeCode) : undefined;
  return insertRow(ds, 'employers', {
    legal_name: `Entreprise ${hex(3)}`,
    status: 'partner',
    naf_code: '56.10A',
    insee_code: inseeCode,
    postal_code: commune?.postalCodes[0] ?? null,
    city: commune?.name ?? null,
    epci_code: commune?.epci?.code ?? null,
    epci_name: commune?.epci?.name ?? null,
    ...overrides,
  });
}
