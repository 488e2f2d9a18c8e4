import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Commune {
  inseeCode: string;
  name: string;
  postalCodes: string[];
  departement: string;
  epci: { code: string; name: string } | null;
}

export interface RawCommune {
  code: string;
  nom: string;
  type: string;
  commune?: string;
  departement?: string;
  arrondissement?: string;
  codesPostaux?: string[];
}
export interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}

const require = createRequire(import.meta.url);
/** A data file of @etalab/decoupage-administratif (INSEE's COG). */
export const loadDecoupage = <T>(file: string): T =>
  JSON.parse(
    readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8'),
  ) as T;

/**
 * The records of a data file of @etalab/decoupage-administratif one at a time. The files hold one
 * record per line (`[`, then `{…},` lines, then `]`): each line is parsed alone, from the file's
 * bytes, so building the communes index never holds the whole file as a string (17 MB: the names
 * are not ASCII) nor all 37,000 parsed records at once — that spike was the peak of a background
 * import's worker (docs/performance.md). A file laid out otherwise is parsed whole, as before.
 */
export function* decoupageRecords<T>(file: string): Generator<T> {
  const bytes = readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`));
  const lines: [number, number][] = [];
  for (let start = 0; start < bytes.length;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl === -1 ? bytes.length : nl;
    lines.push([start, end]);
    start = end + 1;
  }
  const text = (start: number, end: number) => bytes.toString('utf8', start, end).trim();
  const middle = lines.filter(([s, e]) => !['', '[', ']'].includes(text(s, e)));
  const first = lines.find(([s, e]) => text(s, e) !== '');
  const last = lines.findLast(([s, e]) => text(s, e) !== '');
  const oneRecordPerLine =
    first !== undefined &&
    last !== undefined &&
    text(...first) === '[' &&
    text(...last) === ']' &&
    middle.every(([s, e]) => /^\{.*\},?$/.test(text(s, e)));
  if (!oneRecordPerLine) {
    yield* JSON.parse(bytes.toString('utf8')) as T[];
    return;
  }
  middle.forEach(([s, e], i) => {
    const line = text(s, e);
    // Every line but the last ends with the array's comma.
    if (line.endsWith(',') !== i < middle.length - 1) throw new SyntaxError(`${file}: line ${i}`);
  });
  for (const [s, e] of middle) yield JSON.parse(text(s, e).replace(/,$/, '')) as T;
}

let index: Map<string, Commune> | undefined;

/** Official communes (INSEE COG via @etalab/decoupage-administratif), loaded once on first use. */
function communes(): Map<string, Commune> {
  if (index) return index;
  const epciOf = new Map<string, { code: string; name: string }>();
  for (const e of decoupageRecords<RawEpci>('epci.json'))
    for (const m of e.membres) epciOf.set(m.code, { code: e.code, name: e.nom });
  const map = new Map<string, Commune>();
  for (const c of decoupageRecords<RawCommune>('communes.json')) {
    // Current communes, and the municipal arrondissements of Paris, Lyon and Marseille (EPCI of the parent).
    if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
    map.set(c.code, {
      inseeCode: c.code,
      name: c.nom,
      postalCodes: c.codesPostaux ?? [],
      departement: c.departement ?? '',
      epci: epciOf.get(c.type === 'arrondissement-municipal' ? (c.commune ?? '') : c.code) ?? null,
    });
  }
  index = map;
  return map;
}

export function findCommune(inseeCode: string): Commune | undefined {
  return communes().get(inseeCode);
}

export function allCommunes(): Commune[] {
  return [...communes().values()];
}

export type CommuneCheck =
  | { ok: true; commune: Commune }
  | { ok: false; field: 'inseeCode' | 'postalCode'; message: string };

/** Checks an INSEE code, and that the postal code (when given) belongs to that commune. */
export function checkCommune(inseeCode: string, postalCode?: string | null): CommuneCheck {
  const commune = findCommune(inseeCode);
  if (!commune)
    return { ok: false, field: 'inseeCode', message: 'is not the INSEE code of a French commune' };
  if (postalCode && !commune.postalCodes.includes(postalCode)) {
    return {
      ok: false,
      field: 'postalCode',
      message: `is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`,
    };
  }
  return { ok: true, commune };
}
