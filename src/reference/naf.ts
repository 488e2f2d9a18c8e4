import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CODES = require('@socialgouv/codes-naf') as { id: string; label: string }[];

// NAF rév. 2 sub-classes (e.g. 56.10A) from the official list.
const SUBCLASSES = new Map(
  CODES.filter((c) => /^\d{2}\.\d{2}[A-Z]$/.test(c.id)).map((c) => [c.id, c.label]),
);

export function isNafCode(code: string): boolean {
  return SUBCLASSES.has(code);
}

export function nafLabel(code: string): string | undefined {
  return SUBCLASSES.get(code);
}

export function allNafCodes(): string[] {
  return [...SUBCLASSES.keys()];
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

export function nafSection(code: string): { code: string; label: string } | undefined {
  const division = Number(code.slice(0, 2));
  const s = SECTIONS.find(([, from, to]) => division >= from && division <= to);
  return s ? { code: s[0], label: s[3] } : undefined;
}

/** SQL CASE expression mapping a NAF code column to its section letter, for aggregation in SQL. */
export function nafSectionSql(column: string): string {
  const whens = SECTIONS.map(
    ([letter, from, to]) =>
      `WHEN substr(${column}, 1, 2)::int BETWEEN ${from} AND ${to} THEN '${letter}'`,
  ).join(' ');
  return `CASE WHEN ${column} IS NULL THEN NULL ${whens} END`;
}
