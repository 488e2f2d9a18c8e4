import { loadDecoupage, type RawCommune, type RawEpci } from './communes.js';

let epcis: Map<string, RawEpci> | undefined;
function allEpcis(): Map<string, RawEpci> {
  epcis ??= new Map(loadDecoupage<RawEpci[]>('epci.json').map((e) => [e.code, e]));
  return epcis;
}

/** Whether a code is the SIREN of an EPCI in the official list. */
export function isEpciCode(code: string): boolean {
  return allEpcis().has(code);
}

const BESANCON = '25056';

/**
 * The default territory: the EPCIs most of whose member communes lie in the arrondissement of
 * Besançon, the closest official division to the bassin d'emploi de Besançon that
 * @etalab/decoupage-administratif carries (it has no employment zones). Derived from the data,
 * so it follows the official lists when they change.
 */
export function besanconTerritoryEpcis(): string[] {
  const communes = loadDecoupage<RawCommune[]>('communes.json').filter(
    (c) => c.type === 'commune-actuelle',
  );
  const arrondissement = communes.find((c) => c.code === BESANCON)?.arrondissement;
  const inside = new Set(
    communes.filter((c) => c.arrondissement === arrondissement).map((c) => c.code),
  );
  return [...allEpcis().values()]
    .filter((e) => e.membres.filter((m) => inside.has(m.code)).length * 2 > e.membres.length)
    .map((e) => e.code)
    .sort();
}
