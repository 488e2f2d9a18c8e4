import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * How every CSV this service writes is shaped (docs/security.md, "CSV exports"): what a French
 * spreadsheet opens directly (UTF-8 with BOM, `;`, CRLF), and safe to open.
 *
 * - `escape_formulas`: csv-stringify prefixes `'` to a text cell starting with `=`, `+`, `-`, `@`,
 *   tab or CR (and their full-width forms), so a spreadsheet shows it instead of running it.
 *   Numbers passed as numbers (a negative NPS) are left alone.
 * - `quote_record_delimiter`: csv-stringify stops quoting `\n` and `\r` as soon as
 *   `record_delimiter` is set; a multi-line note must stay one quoted field.
 * - `quoted_match`: text holding a comma is quoted, so a reader that splits on `,` as well as `;`
 *   (some locales do) keeps the cell whole and cannot start a formula after the comma. A French
 *   decimal number (`0,25`) stays bare.
 */
export const CSV_OPTIONS = {
  delimiter: ';',
  bom: true,
  record_delimiter: '\r\n',
  quote_record_delimiter: true,
  escape_formulas: true,
  quoted_match: /^(?!-?\d+,\d+$)[\s\S]*,/,
} as const satisfies Options;

export type CsvCell = string | number | null | undefined;

/** A streaming CSV writer (for exports paged from the database). */
export function csvStream(options: Options = {}): Stringifier {
  return stringify({ ...CSV_OPTIONS, ...options });
}

/** A small CSV document, whole (BOM included). */
export function csvText(records: CsvCell[][], options: Options = {}): string {
  return stringifySync(records, { ...CSV_OPTIONS, ...options });
}

/** The characters `escape_formulas` guards with a leading `'` (csv-stringify 6). */
const GUARDED = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Removes the `'` that `escape_formulas` put in front of a cell, so that a file this service
 * exported imports back unchanged. Only a quote followed by a guarded character is removed.
 */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
