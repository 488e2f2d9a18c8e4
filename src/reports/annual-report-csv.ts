import { csvText, type CsvCell } from '../common/csv.js';
import type { Figure } from '../indicators/indicator-figures.js';
import { RATE_DIGITS, rounded } from '../indicators/indicators-csv.js';
import type { AnnualReport, ComparedValue } from './annual-report.js';

const digitsOf = (v: ComparedValue) => RATE_DIGITS[v.key as Figure] ?? 0;

/**
 * The annual report as a French spreadsheet reads it, through the service's one CSV writer
 * (src/common/csv.ts): one line per figure, and per group of a breakdown, with the year and the
 * previous year side by side.
 */
export function annualReportCsv(r: AnnualReport): string {
  const lines: CsvCell[][] = [
    [
      'Action',
      'Intitulé de l’action',
      'Indicateur',
      'Détail',
      String(r.year),
      String(r.previousYear),
    ],
  ];
  const line = (key: string, title: string, detail: string, v: ComparedValue): CsvCell[] => [
    key,
    title,
    v.label,
    detail,
    rounded(v.year, digitsOf(v)),
    rounded(v.previous, digitsOf(v)),
  ];
  for (const a of r.actions) {
    for (const v of a.figures) lines.push(line(a.key, a.title, '', v));
    for (const row of a.breakdown?.rows ?? [])
      for (const v of row.values)
        lines.push(line(a.key, a.title, `${a.breakdown!.title} : ${row.label}`, v));
  }
  return csvText(lines, { cast: { number: (n) => String(n).replace('.', ',') } });
}
