import { Transform, type TransformCallback } from 'node:stream';
import { isUuid } from '../common/uuid.pipe.js';
import type { FieldError } from '../common/domain-error.js';
import type { EmployerSource, EmployerStatus } from './employer.entity.js';
import type { EmployerInput } from './employer-rules.js';
import type { EmployerRow } from './employers.dto.js';
import type { NafVersion } from '../reference/naf.js';

// French column headers (what a Mission Locale's staff see in a spreadsheet). Writable columns map
// to an employer field; read-only ones are exported for information and ignored on import.
export const CSV_COLUMNS = [
  { header: 'Identifiant', key: 'id' },
  { header: 'SIRET', key: 'siret' },
  { header: 'Raison sociale', key: 'legalName' },
  { header: 'Enseigne', key: 'tradeName' },
  { header: 'Code NAF', key: 'nafCode' },
  { header: 'Nomenclature NAF', key: 'nafVersion' },
  { header: "Tranche d'effectif", key: 'headcountBand' },
  { header: 'Adresse', key: 'street' },
  { header: 'Code postal', key: 'postalCode' },
  { header: 'Code commune INSEE', key: 'inseeCode' },
  { header: 'Commune', key: 'city' },
  { header: 'QPV', key: 'qpv' },
  { header: 'FRR', key: 'frr' },
  { header: 'Statut', key: 'status' },
  { header: 'Origine', key: 'source' },
  { header: 'Étiquettes', key: 'tags' },
  { header: 'Notes', key: 'notes' },
  { header: 'Référent (e-mail)', key: 'referentEmail' },
  { header: 'SIREN', key: 'siren', readOnly: true },
  { header: 'Code EPCI', key: 'epciCode', readOnly: true },
  { header: 'EPCI', key: 'epciName', readOnly: true },
  { header: 'Dernier contact', key: 'lastInteractionAt', readOnly: true },
] as const;

export type CsvKey = (typeof CSV_COLUMNS)[number]['key'];

const STATUS_LABELS: Record<EmployerStatus, string> = {
  prospect: 'prospect',
  partner: 'partenaire',
  archived: 'archivé',
};
const NAF_VERSION_LABELS: Record<NafVersion, string> = { rev2: 'NAF rév. 2', '2025': 'NAF 2025' };
// Shorter spellings accepted on import.
const NAF_VERSION_ALIASES: Record<string, NafVersion> = { 'rev. 2': 'rev2', 'rev 2': 'rev2' };

const SOURCE_LABELS: Record<EmployerSource, string> = {
  outreach: 'prospection',
  inbound: 'demande entrante',
  event: 'événement',
  partner: 'partenaire',
  other: 'autre',
};

/** Lower case, no accents, single spaces: how headers and labels are compared. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * How a header is compared: `fold`, with `_` and `-` read as spaces, so `raison_sociale`,
 * `RAISON SOCIALE` and `Raison sociale`, or `code-naf` and `Code NAF`, are one column.
 */
export function foldHeader(s: string): string {
  return fold(s.replace(/[_-]+/g, ' '));
}

// Extra spellings people use for the same columns (compared through foldHeader).
const HEADER_ALIASES: Record<string, CsvKey> = {
  id: 'id',
  siret: 'siret',
  'raison sociale': 'legalName',
  nom: 'legalName',
  'nom commercial': 'tradeName',
  naf: 'nafCode',
  'code ape': 'nafCode',
  ape: 'nafCode',
  nomenclature: 'nafVersion',
  effectif: 'headcountBand',
  'tranche effectif': 'headcountBand',
  'code insee': 'inseeCode',
  insee: 'inseeCode',
  ville: 'city',
  etiquette: 'tags',
  tags: 'tags',
  referent: 'referentEmail',
  'referent e-mail': 'referentEmail',
  'referent email': 'referentEmail',
};
const HEADER_INDEX = new Map<string, CsvKey>([
  ...CSV_COLUMNS.map((c) => [foldHeader(c.header), c.key] as [string, CsvKey]),
  ...Object.entries(HEADER_ALIASES).map(([a, k]) => [foldHeader(a), k] as [string, CsvKey]),
]);

/** Maps a header row to field keys; unknown or repeated headers are errors (typos lose data). */
export function mapHeaders(
  headers: string[],
): { ok: true; keys: (CsvKey | null)[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const seen = new Set<CsvKey>();
  const keys = headers.map((h, i) => {
    const key =
      HEADER_INDEX.get(foldHeader(h)) ?? HEADER_INDEX.get(foldHeader(h.replace(/\([^)]*\)/g, '')));
    if (!key) {
      if (h.trim() === '') return null;
      errors.push({ field: `column ${i + 1}`, message: `unknown column "${h}"` });
      return null;
    }
    if (seen.has(key)) errors.push({ field: `column ${i + 1}`, message: `column "${h}" repeated` });
    seen.add(key);
    return key;
  });
  if (!seen.has('legalName'))
    errors.push({ field: 'Raison sociale', message: 'the column is required' });
  return errors.length ? { ok: false, errors } : { ok: true, keys };
}

/** The delimiter of a file: the more frequent of ';' and ',' on its header line. */
export function detectDelimiter(firstLine: string): ';' | ',' {
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

const TRUE = new Set(['oui', 'o', 'true', 'vrai', '1', 'yes', 'x']);
const FALSE = new Set(['non', 'n', 'false', 'faux', '0', 'no', '']);

function label<T extends string>(labels: Record<T, string>, value: string): T | undefined {
  const v = fold(value);
  for (const [key, text] of Object.entries(labels) as [T, string][])
    if (v === fold(text) || v === key) return key;
  return undefined;
}

/**
 * Tags in one cell are separated by `|` (docs/employers.md): a tag may hold a comma
 * (`BTP, génie civil`). A cell without any `|` is split on commas, as people type lists and as
 * exports made before the `|` did.
 */
export function parseTags(cell: string): string[] {
  const raw = cell.trim();
  if (!raw) return [];
  const tags = raw.includes('|') ? raw.split('|') : raw.split(',');
  return tags.map((t) => t.trim()).filter(Boolean);
}

/**
 * The cell `parseTags` reads back as the same list: joined by ` | `; a lone tag holding a comma is
 * followed by ` |` so that it is not split on its comma.
 */
export function formatTags(tags: readonly string[]): string {
  const cell = tags.join(' | ');
  return tags.length === 1 && cell.includes(',') ? `${cell} |` : cell;
}

export interface CsvRow {
  id?: string;
  input: EmployerInput;
  referentEmail?: string | null;
}

const headerOf = (key: CsvKey) => CSV_COLUMNS.find((c) => c.key === key)!.header;

/**
 * One CSV record to an employer input. A column that is absent leaves the field alone; a present
 * but empty cell clears it. Errors name the column as the file spells it.
 */
export function parseCsvRecord(
  keys: (CsvKey | null)[],
  record: string[],
): { ok: true; row: CsvRow } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const input: EmployerInput = {};
  const row: CsvRow = { input };
  keys.forEach((key, i) => {
    if (!key) return;
    const raw = (record[i] ?? '').trim();
    const bad = (message: string) => errors.push({ field: headerOf(key), message });
    switch (key) {
      case 'id':
        if (raw && !isUuid(raw)) bad('is not an identifier exported by this application');
        else if (raw) row.id = raw.toLowerCase();
        break;
      case 'legalName':
        input.legalName = raw;
        break;
      case 'qpv':
      case 'frr': {
        const v = fold(raw);
        if (TRUE.has(v)) input[key] = true;
        else if (FALSE.has(v)) input[key] = false;
        else bad('must be "oui" or "non"');
        break;
      }
      case 'status': {
        const status = raw ? label(STATUS_LABELS, raw) : 'prospect';
        if (!status) bad(`must be one of: ${Object.values(STATUS_LABELS).join(', ')}`);
        else input.status = status;
        break;
      }
      case 'source': {
        const source = raw ? label(SOURCE_LABELS, raw) : 'other';
        if (!source) bad(`must be one of: ${Object.values(SOURCE_LABELS).join(', ')}`);
        else input.source = source;
        break;
      }
      case 'nafVersion': {
        // Empty: the nomenclature the code belongs to.
        const version = raw
          ? (label(NAF_VERSION_LABELS, raw) ?? NAF_VERSION_ALIASES[fold(raw)])
          : null;
        if (version === undefined)
          bad(`must be one of: ${Object.values(NAF_VERSION_LABELS).join(', ')}`);
        else input.nafVersion = version;
        break;
      }
      case 'tags':
        input.tags = parseTags(raw);
        break;
      case 'referentEmail':
        row.referentEmail = raw ? raw.toLowerCase() : null;
        break;
      case 'siret':
      case 'tradeName':
      case 'nafCode':
      case 'headcountBand':
      case 'street':
      case 'postalCode':
      case 'inseeCode':
      case 'city':
      case 'notes':
        input[key] = raw === '' ? null : raw;
        break;
      default:
        // read-only columns (SIREN, EPCI, last contact) are derived: ignored on import.
        break;
    }
  });
  if (keys.includes('legalName') && !input.legalName)
    errors.push({ field: 'Raison sociale', message: 'must not be empty' });
  return errors.length ? { ok: false, errors } : { ok: true, row };
}

/** Field errors from the shared checks, named after the CSV column. */
export function csvFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const column = CSV_COLUMNS.find((c) => c.key === e.field);
    return column ? { ...e, field: column.header } : e;
  });
}

/** An employer as a CSV record, in CSV_COLUMNS order; importing it again changes nothing. */
export function toCsvRecord(e: EmployerRow, referentEmail: string | null): string[] {
  const yesNo = (b: boolean) => (b ? 'oui' : 'non');
  const values: Record<CsvKey, string> = {
    id: e.id,
    siret: e.siret ?? '',
    legalName: e.legalName,
    tradeName: e.tradeName ?? '',
    nafCode: e.nafCode ?? '',
    nafVersion: e.nafCode ? NAF_VERSION_LABELS[e.nafVersion] : '',
    headcountBand: e.headcountBand ?? '',
    street: e.street ?? '',
    postalCode: e.postalCode ?? '',
    inseeCode: e.inseeCode ?? '',
    city: e.city ?? '',
    qpv: yesNo(e.qpv),
    frr: yesNo(e.frr),
    status: STATUS_LABELS[e.status],
    source: SOURCE_LABELS[e.source],
    tags: formatTags(e.tags),
    notes: e.notes ?? '',
    referentEmail: referentEmail ?? '',
    siren: e.siren ?? '',
    epciCode: e.epciCode ?? '',
    epciName: e.epciName ?? '',
    lastInteractionAt: e.lastInteractionAt ? e.lastInteractionAt.toISOString() : '',
  };
  return CSV_COLUMNS.map((c) => values[c.key]);
}

/** The first line number of a record, from the line the parser ended it on. */
export function recordStartLine(endLine: number, record: string[]): number {
  const inner = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
  return endLine - inner;
}

/** CRLF to LF, across chunk boundaries, so the parser counts lines the same on every platform. */
export class LineEndings extends Transform {
  private pendingCr = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let s = (this.pendingCr ? '\r' : '') + chunk.toString('latin1');
    this.pendingCr = s.endsWith('\r');
    if (this.pendingCr) s = s.slice(0, -1);
    done(null, Buffer.from(s.replace(/\r\n/g, '\n'), 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from('\r', 'latin1') : null);
  }
}

/** Windows-1252 (what French spreadsheet software often saves "CSV" as) to UTF-8. */
export class Windows1252ToUtf8 extends Transform {
  private readonly decoder = new TextDecoder('windows-1252');

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done(null, Buffer.from(this.decoder.decode(chunk, { stream: true }), 'utf8'));
  }
}

/** Whether a stream of bytes is valid UTF-8 (read to the end). */
export async function isUtf8(chunks: AsyncIterable<Buffer>): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
