import { createRequire } from 'node:module';
import {
  NAF_2025_DIVISION_SECTIONS,
  NAF_2025_SUBCLASSES,
  NAF_REV2_TO_2025,
} from './naf-2025.data.js';

const require = createRequire(import.meta.url);
const CODES = require('@socialgouv/codes-naf') as { id: string; label: string }[];

/** The two nomenclatures an employer's activity code may be in: SIRENE moves to NAF 2025 in 2027. */
export const NAF_VERSIONS = ['rev2', '2025'] as const;
export type NafVersion = (typeof NAF_VERSIONS)[number];

const SUBCLASS = /^\d{2}\.\d{2}[A-Z]$/;

// Sub-classes (e.g. 56.10A, 47.24Y) from the official lists, by nomenclature.
const SUBCLASSES: Record<NafVersion, Map<string, string>> = {
  rev2: new Map(CODES.filter((c) => SUBCLASS.test(c.id)).map((c) => [c.id, c.label])),
  '2025': new Map(NAF_2025_SUBCLASSES),
};

/** Whether a code is a sub-class of the given nomenclature (of either when none is given). */
export function isNafCode(code: string, version?: NafVersion): boolean {
  return version ? SUBCLASSES[version].has(code) : nafVersionOf(code) !== undefined;
}

/** The nomenclature a sub-class belongs to; the two lists share no code (rév. 2 ends in A–F or Z). */
export function nafVersionOf(code: string): NafVersion | undefined {
  return NAF_VERSIONS.find((v) => SUBCLASSES[v].has(code));
}

export function nafLabel(code: string, version?: NafVersion): string | undefined {
  const v = version ?? nafVersionOf(code);
  return v ? SUBCLASSES[v].get(code) : undefined;
}

export function allNafCodes(version: NafVersion = 'rev2'): string[] {
  return [...SUBCLASSES[version].keys()];
}

/** Sizes of each level of NAF 2025, as derived from the official lists (checked by a test). */
export function naf2025Structure(): Record<
  'sections' | 'divisions' | 'groups' | 'classes' | 'subclasses',
  number
> {
  const codes = allNafCodes('2025');
  const distinct = (n: number) => new Set(codes.map((c) => c.slice(0, n))).size;
  return {
    sections: new Set(NAF_2025_DIVISION_SECTIONS.map(([, s]) => s)).size,
    divisions: distinct(2),
    groups: distinct(4),
    classes: distinct(5),
    subclasses: codes.length,
  };
}

// Sections group divisions (the first two digits): INSEE, NAF rév. 2.
const SECTIONS: [string, number, number, string][] = [
  ['A', 1, 3, 'Agriculture, sylviculture et pêche'],
  ['B', 5, 9, 'Industries extractives'],
  ['C', 10, 33, 'Industrie manufacturière'],
  ['D', 35, 35, "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné"],
  [
    'E',
    36,
    39,
    "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
  ],
  ['F', 41, 43, 'Construction'],
  ['G', 45, 47, "Commerce ; réparation d'automobiles et de motocycles"],
  ['H', 49, 53, 'Transports et entreposage'],
  ['I', 55, 56, 'Hébergement et restauration'],
  ['J', 58, 63, 'Information et communication'],
  ['K', 64, 66, "Activités financières et d'assurance"],
  ['L', 68, 68, 'Activités immobilières'],
  ['M', 69, 75, 'Activités spécialisées, scientifiques et techniques'],
  ['N', 77, 82, 'Activités de services administratifs et de soutien'],
  ['O', 84, 84, 'Administration publique'],
  ['P', 85, 85, 'Enseignement'],
  ['Q', 86, 88, 'Santé humaine et action sociale'],
  ['R', 90, 93, 'Arts, spectacles et activités récréatives'],
  ['S', 94, 96, 'Autres activités de services'],
  ['T', 97, 98, 'Activités des ménages en tant qu’employeurs'],
  ['U', 99, 99, 'Activités extra-territoriales'],
];

const DIVISION_SECTIONS_2025 = new Map(NAF_2025_DIVISION_SECTIONS);

/**
 * The section of a sub-class. Sections of the two nomenclatures are different groupings (rév. 2
 * J "Information et communication" is split into NAF 2025 J and K, and later letters shift), so
 * a NAF 2025 section has its own key: `G` is rév. 2, `2025-G` is NAF 2025.
 */
export function nafSection(
  code: string,
  version: NafVersion = 'rev2',
): { code: string; key: string; label: string } | undefined {
  const division = code.slice(0, 2);
  if (version === '2025') {
    const letter = DIVISION_SECTIONS_2025.get(division);
    return letter
      ? { code: letter, key: `2025-${letter}`, label: section2025Label(letter) }
      : undefined;
  }
  const n = Number(division);
  const s = SECTIONS.find(([, from, to]) => n >= from && n <= to);
  return s ? { code: s[0], key: s[0], label: s[3] } : undefined;
}

function section2025Label(letter: string): string {
  return `Section ${letter} (NAF 2025)`;
}

/** Every section key, NAF rév. 2 first then NAF 2025, with its French label (for filters). */
export function nafSectionOptions(): { value: string; label: string }[] {
  const letters2025 = [...new Set(NAF_2025_DIVISION_SECTIONS.map(([, s]) => s))].sort();
  return [
    ...SECTIONS.map(([letter, , , label]) => ({ value: letter, label: `${letter} — ${label}` })),
    ...letters2025.map((l) => ({ value: `2025-${l}`, label: section2025Label(l) })),
  ];
}

/** The French label of a section key produced by nafSection() or nafSectionSql(). */
export function nafSectionLabel(key: string): string {
  if (key.startsWith('2025-')) return section2025Label(key.slice(5));
  return SECTIONS.find(([letter]) => letter === key)?.[3] ?? key;
}

/**
 * SQL expression mapping a NAF code column and its nomenclature column to the section key of
 * nafSection(), for aggregation in SQL.
 */
export function nafSectionSql(codeColumn: string, versionColumn: string): string {
  const rev2 = SECTIONS.map(
    ([letter, from, to]) =>
      `WHEN substr(${codeColumn}, 1, 2)::int BETWEEN ${from} AND ${to} THEN '${letter}'`,
  ).join(' ');
  const v2025 = NAF_2025_DIVISION_SECTIONS.map(
    ([division, letter]) => `WHEN '${division}' THEN '2025-${letter}'`,
  ).join(' ');
  return `CASE WHEN ${codeColumn} IS NULL THEN NULL WHEN ${versionColumn} = '2025' THEN CASE substr(${codeColumn}, 1, 2) ${v2025} END ELSE CASE ${rev2} END END`;
}

// INSEE's correspondence: each rév. 2 sub-class and its NAF 2025 counterparts, in table order.
const COUNTERPARTS = new Map<string, string[]>();
for (const [rev2, naf2025] of NAF_REV2_TO_2025) {
  const list = COUNTERPARTS.get(rev2);
  if (list) list.push(naf2025);
  else COUNTERPARTS.set(rev2, [naf2025]);
}

/** The NAF 2025 sub-classes INSEE's table gives for a rév. 2 sub-class (none for an unknown code). */
export function naf2025Counterparts(rev2Code: string): string[] {
  return [...(COUNTERPARTS.get(rev2Code) ?? [])];
}

/**
 * The NAF 2025 code an employer in this rév. 2 sub-class can be moved to without asking anyone:
 * the one counterpart when there is exactly one. A sub-class split in several has none (someone
 * who knows the employer chooses), even when several rév. 2 codes merge into one NAF 2025 code.
 */
export function naf2025ProposalFor(rev2Code: string): string | undefined {
  const list = COUNTERPARTS.get(rev2Code);
  return list?.length === 1 ? list[0] : undefined;
}

/**
 * The NAF 2025 section key (`2025-K`) of a rév. 2 sub-class when all its counterparts lie in one
 * section, so that it could be counted there; undefined when it is split across sections.
 */
export function naf2025SectionOfRev2(rev2Code: string): string | undefined {
  const keys = new Set(naf2025Counterparts(rev2Code).map((c) => nafSection(c, '2025')?.key));
  const [key] = keys;
  return keys.size === 1 ? key : undefined;
}
