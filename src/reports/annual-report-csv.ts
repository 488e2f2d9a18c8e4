import type { Figure } from '../indicators/indicator-figures.js';
import { frenchNumber, RATE_DIGITS, textCell } from '../indicators/indicators-csv.js';
import type { AnnualReport, ComparedValue } from './annual-report.js';

const digitsOf = (v: ComparedValue) => RATE_DIGITS[v.key as Figure] ?? 0;

/**
 * The annual report as a French Excel reads it (UTF-8 with BOM, `;`, CRLF, decimal comma): one
 * line per figure, and per group of a breakdown, with the year and the previous year side by side.
 */
export function annualReportCsv(r: AnnualReport): string {
  const lines: string[][] = [
    [
      'Action',
      'Intitulé de l’action',
      'Indicateur',
      'Détail',
      String(r.year),
      String(r.previousYear),
    ],
  ];
  for (const a of r.actions) {
    for (const v of a.figures)
      lines.push([
        a.key,
        a.title,
        v.label,
        '',
        frenchNumber(v.year, digitsOf(v)),
        frenchNumber(v.previous, digitsOf(v)),
      ]);
    for (const row of a.breakdown?.rows ?? [])
      for (const v of row.values)
        lines.push([
          a.key,
          a.title,
          v.label,
          `${a.breakdown!.title} : ${row.label}`,
          frenchNumber(v.year, digitsOf(v)),
          frenchNumber(v.previous, digitsOf(v)),
        ]);
  }
  return `\uFEFF${lines.map((l) => l.map((c, i) => (i < 4 ? textCell(c) : c)).join(';')).join('\r\n')}\r\n`;
}
