import type ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { DomainError } from '../common/domain-error.js';

/** exceljs is large: loaded on the first Excel import or export, not by every process at boot. */
const excel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One record of a spreadsheet, with the line (row number) it starts on. */
export interface SheetRecord {
  record: string[];
  line: number;
}

/** Whether a file is an .xlsx workbook (a ZIP archive: `PK\x03\x04`), whatever its name. */
export async function isXlsx(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await file.read(buf, 0, 4, 0);
    return bytesRead === 4 && buf.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    await file.close();
  }
}

/** A cell's value as the text a CSV would hold (what the shared row pipeline reads). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result); // a formula: its cached result
    if (v.text !== undefined) return cellText(v.text); // a hyperlink (an e-mail address)
    if (v.error !== undefined) return '';
  }
  return '';
}

/**
 * The rows of the first worksheet, streamed (exceljs' streaming reader: the sheet is never held
 * whole). Empty rows are skipped; a file that is not a readable workbook is a 400.
 */
export async function* xlsxRecords(path: string): AsyncGenerator<SheetRecord> {
  const { stream } = await excel();
  const source = createReadStream(path);
  const reader = new stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let first = true;
  let records: SheetRecord[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (!first) continue; // other sheets are read through (the archive is closed), not used
        const values = (row.values as unknown[]).slice(1).map(cellText);
        if (values.some((v) => v.trim() !== '')) records.push({ record: values, line: row.number });
        if (records.length >= 100) {
          yield* records;
          records = [];
        }
      }
      yield* records;
      records = [];
      first = false;
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw DomainError.invalid('file', 'is not a readable CSV or Excel file (xlsx)');
  } finally {
    // Also when the reader stops early (a file over the row cap): the file is closed at once.
    source.destroy();
  }
}

/**
 * An .xlsx workbook written as a stream (exceljs' streaming writer): one sheet, a bold header,
 * every cell text (a SIRET or a postal code keeps its leading zeros; a name starting with `=` is
 * text, never a formula).
 */
export class XlsxSheetWriter {
  private readonly sheet: ExcelJS.Worksheet;

  static async open(
    out: Writable,
    sheetName: string,
    headers: readonly string[],
  ): Promise<XlsxSheetWriter> {
    const { stream } = await excel();
    const book = new stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    return new XlsxSheetWriter(book, sheetName, headers);
  }

  private constructor(
    private readonly book: ExcelJS.stream.xlsx.WorkbookWriter,
    sheetName: string,
    headers: readonly string[],
  ) {
    this.sheet = this.book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length + 2) }));
    const header = this.sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
  }

  add(record: readonly string[]): void {
    this.sheet.addRow([...record]).commit();
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.book.commit();
  }
}
