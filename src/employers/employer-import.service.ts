import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CsvError, parse } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { csvStream, unguardFormula } from '../common/csv.js';
import { DomainError, type FieldError } from '../common/domain-error.js';
import { encodeCursor } from '../common/pagination.js';
import { Employer } from './employer.entity.js';
import {
  CSV_COLUMNS,
  LineEndings,
  Windows1252ToUtf8,
  isUtf8,
  csvFieldErrors,
  detectDelimiter,
  mapHeaders,
  parseCsvRecord,
  recordStartLine,
  toCsvRecord,
  type CsvKey,
  type CsvRow,
} from './employer-csv.js';
import { isXlsx, xlsxRecords, XlsxSheetWriter, type SheetRecord } from './employer-xlsx.js';
import { EMPTY_EMPLOYER, applyEmployerInput, type EmployerFields } from './employer-rules.js';
import { EMPLOYER_SELECT, asEmployerRows } from './employer-sql.js';
import { FirstLines } from './first-lines.js';
import type { EmployerRow } from './employers.dto.js';
import { EmployersService, fieldsOf, type EmployerFilter } from './employers.service.js';
import { ReadReplicas } from '../database/read-replicas.js';

export const IMPORT_BATCH_SIZE = 500;
/** The most data rows one file may hold (docs/employers.md); beyond, the file is refused whole. */
export const MAX_IMPORT_ROWS = 200_000;
/** The most rejected rows a report lists; its totals always count every row. */
export const MAX_REPORTED_ROWS = 100;
const EXPORT_PAGE_SIZE = 1000;

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface ImportRowReport {
  line: number;
  outcome: ImportOutcome;
  id?: string;
  siret?: string | null;
  errors?: FieldError[];
}

export interface ImportReport {
  dryRun: boolean;
  /** What the file was read as: CSV, or an Excel workbook (first sheet). */
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252';
  /** true: the whole file in one transaction (all or nothing); false: each batch commits. */
  atomic: boolean;
  totals: Record<ImportOutcome, number>;
  /** The rejected rows, the first MAX_REPORTED_ROWS of them (what there is to correct). */
  rows: ImportRowReport[];
  /** Rejected rows beyond MAX_REPORTED_ROWS, counted but not listed. */
  rowsOmitted: number;
}

export interface ImportOptions {
  dryRun: boolean;
  atomic?: boolean;
}

/** Who the import writes as: the audit log records the id only. */
export type ImportActor = Pick<AuthUser, 'id'>;

/** Progress callbacks of a background import (ADR 1403); the synchronous route passes none. */
export interface ImportProgress {
  /** After the first pass: how the file is read and how many data rows it holds. */
  onCounted?(info: { rows: number; encoding: ImportReport['encoding'] }): Promise<void>;
  /** After every batch, the report so far (its totals count every row processed). */
  onBatch?(report: ImportReport): Promise<void>;
}

interface Pending {
  line: number;
  row?: CsvRow;
  errors?: FieldError[];
}

interface Planned {
  report: ImportRowReport;
  before?: EmployerFields;
  fields?: EmployerFields;
}

/** The created employers of a batch: EmployerFields (camelCase JSON keys) and the id. */
const INSERT_EMPLOYERS = `INSERT INTO employers (id, siret, siren, legal_name, trade_name, naf_code,
    naf_version, headcount_band, street, postal_code, insee_code, city, epci_code, epci_name, qpv,
    frr, status, referent_id, source, tags, notes)
  SELECT id, siret, siren, "legalName", "tradeName", "nafCode", "nafVersion", "headcountBand",
    street, "postalCode", "inseeCode", city, "epciCode", "epciName", qpv, frr, status,
    "referentId", source, tags, notes
  FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, siret bpchar, siren bpchar, "legalName" text,
    "tradeName" text, "nafCode" varchar, "nafVersion" naf_version, "headcountBand" varchar,
    street text, "postalCode" varchar, "inseeCode" varchar, city text, "epciCode" varchar,
    "epciName" text, qpv boolean, frr boolean, status employer_status, "referentId" uuid,
    source employer_source, tags text[], notes text)`;

const sameFields = (a: EmployerFields, b: EmployerFields) =>
  JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

@Injectable()
export class EmployerImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly employers: EmployersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Imports a CSV file streamed from disk in batches, so memory stays flat whatever the size. Each
   * batch is checked against the database and written in its own transaction (a re-run is
   * harmless: rows are matched by identifier or SIRET). A dry run checks everything, writes nothing.
   */
  async importFile(
    path: string,
    options: ImportOptions,
    actor: ImportActor,
    progress: ImportProgress = {},
  ): Promise<ImportReport> {
    // An .xlsx workbook is recognised by its content (a ZIP archive), whatever the file's name;
    // anything else is read as CSV. Both go through the same row pipeline.
    const xlsx = await isXlsx(path);
    // UTF-8 (with or without BOM) is expected; a file that is not valid UTF-8 is read as
    // Windows-1252, which is what spreadsheet software in France saves by default.
    const encoding = xlsx || (await isUtf8(createReadStream(path))) ? 'utf-8' : 'windows-1252';
    const records = () => (xlsx ? Promise.resolve(xlsxRecords(path)) : csvRecords(path, encoding));
    // A first pass counts the rows (nothing kept), so that a file over the cap is refused before
    // anything is written.
    let count = -1; // the header
    for await (const _record of await records())
      if (++count > MAX_IMPORT_ROWS)
        throw DomainError.invalid(
          'file',
          `le fichier dépasse ${MAX_IMPORT_ROWS.toLocaleString('fr-FR')} lignes d’entreprises : découpez-le en plusieurs fichiers`,
        );
    await progress.onCounted?.({ rows: Math.max(count, 0), encoding });
    const run = (m?: EntityManager) =>
      this.importRecords(
        records,
        xlsx ? 'xlsx' : 'csv',
        encoding,
        { dryRun: options.dryRun, atomic: !!m },
        actor,
        progress,
        m,
      );
    // atomic: one transaction for the whole file, so any failure (even a broken last line)
    // leaves the database as it was.
    return options.atomic && !options.dryRun ? this.ds.transaction((m) => run(m)) : run();
  }

  private async importRecords(
    open: () => Promise<AsyncIterable<SheetRecord>>,
    format: ImportReport['format'],
    encoding: ImportReport['encoding'],
    { dryRun, atomic }: Required<ImportOptions>,
    actor: ImportActor,
    progress: ImportProgress,
    m?: EntityManager,
  ): Promise<ImportReport> {
    const records = await open();
    const report: ImportReport = {
      dryRun,
      format,
      encoding,
      atomic,
      totals: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
      rows: [],
      rowsOmitted: 0,
    };
    // One entry per employer met, to report "same employer as line N": a 200,000-row file holds
    // 200,000 of them, kept in typed arrays off the JS heap (FirstLines).
    const seen = new FirstLines();
    let keys: (CsvKey | null)[] | undefined;
    let batch: Pending[] = [];
    for await (const { record, line } of records) {
      // PostgreSQL text cannot hold NUL: such a file is binary, not a spreadsheet export.
      if (record.some((cell) => cell.includes('\u0000')))
        throw DomainError.invalid('file', 'is not a readable CSV file (NUL character)');
      if (!keys) {
        const mapped = mapHeaders(record);
        if (!mapped.ok)
          throw new DomainError(
            'VALIDATION_FAILED',
            'The CSV header is not valid',
            {},
            mapped.errors,
          );
        keys = mapped.keys;
        continue;
      }
      // Cells this service exported as CSV carry escape_formulas' guard: removed, so that they
      // import back unchanged (an .xlsx export has no guard: its cells are text, never formulas).
      const cells = format === 'csv' ? record.map(unguardFormula) : record;
      const parsed = parseCsvRecord(keys, cells);
      batch.push(parsed.ok ? { line, row: parsed.row } : { line, errors: parsed.errors });
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await this.processBatch(batch, seen, dryRun, actor, report, m);
        await progress.onBatch?.(report);
        batch = [];
      }
    }
    if (!keys) throw DomainError.invalid('file', 'is empty');
    if (batch.length) {
      await this.processBatch(batch, seen, dryRun, actor, report, m);
      await progress.onBatch?.(report);
    }
    return report;
  }

  private async processBatch(
    batch: Pending[],
    seen: FirstLines,
    dryRun: boolean,
    actor: ImportActor,
    report: ImportReport,
    m?: EntityManager,
  ): Promise<void> {
    const db = m ?? this.ds;
    const rows = batch.flatMap((p) => (p.row ? [p.row] : []));
    const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
    const sirets = rows.flatMap((r) => {
      const s = r.input.siret?.replace(/[\s.\u00a0]/g, '');
      return s ? [s] : [];
    });
    const existing = asEmployerRows(
      ids.length || sirets.length
        ? await db.query(
            `SELECT ${EMPLOYER_SELECT} FROM employers e WHERE e.id = ANY($1::uuid[]) OR e.siret = ANY($2::bpchar[])`,
            [ids, sirets],
          )
        : [],
    );
    const byId = new Map(existing.map((e) => [e.id, e]));
    const bySiret = new Map(existing.flatMap((e) => (e.siret ? [[e.siret, e] as const] : [])));
    const emails = [...new Set(rows.flatMap((r) => (r.referentEmail ? [r.referentEmail] : [])))];
    const referents = new Map<string, string>(
      emails.length
        ? (
            (await db.query(
              'SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1) AND active',
              [emails],
            )) as { id: string; email: string }[]
          ).map((u) => [u.email, u.id])
        : [],
    );

    const planned: Planned[] = batch.map((p) => this.plan(p, byId, bySiret, referents, seen));
    if (!dryRun && planned.some((p) => p.fields && p.report.outcome !== 'unchanged'))
      await (m
        ? this.write(m, planned, actor)
        : this.ds.transaction((t) => this.write(t, planned, actor)));
    // Only rejected rows are listed, and only so many: the report stays small whatever the file.
    for (const p of planned) {
      report.totals[p.report.outcome]++;
      if (p.report.outcome !== 'rejected') continue;
      if (report.rows.length < MAX_REPORTED_ROWS) report.rows.push(p.report);
      else report.rowsOmitted++;
    }
  }

  private plan(
    p: Pending,
    byId: Map<string, EmployerRow>,
    bySiret: Map<string, EmployerRow>,
    referents: Map<string, string>,
    seen: FirstLines,
  ): Planned {
    const rejected = (errors: FieldError[], siret?: string | null): Planned => ({
      report: { line: p.line, outcome: 'rejected', ...(siret ? { siret } : {}), errors },
    });
    if (!p.row) return rejected(p.errors ?? []);
    const { row } = p;
    const input = { ...row.input };
    if (row.referentEmail !== undefined) {
      if (row.referentEmail === null) input.referentId = null;
      else {
        const id = referents.get(row.referentEmail);
        if (!id)
          return rejected([
            { field: 'Référent (e-mail)', message: 'is not an active staff member' },
          ]);
        input.referentId = id;
      }
    }
    let current: EmployerRow | undefined;
    if (row.id) {
      current = byId.get(row.id);
      if (!current)
        return rejected([{ field: 'Identifiant', message: 'no employer has this identifier' }]);
    }
    const checked = applyEmployerInput(current ? fieldsOf(current) : EMPTY_EMPLOYER, input);
    if (!checked.ok) return rejected(csvFieldErrors(checked.errors), input.siret);
    const fields = checked.fields;
    if (fields.siret) {
      const holder = bySiret.get(fields.siret);
      if (current && holder && holder.id !== current.id)
        return rejected(
          [{ field: 'SIRET', message: 'is already used by another employer' }],
          fields.siret,
        );
      current ??= holder;
    }
    if (current?.mergedIntoId)
      return rejected(
        [{ field: 'SIRET', message: `this employer was merged into ${current.mergedIntoId}` }],
        fields.siret,
      );
    // The same employer twice in one file: the first line wins, the next ones are reported.
    const first = current
      ? seen.firstById(current.id, p.line)
      : fields.siret
        ? seen.firstBySiret(fields.siret, p.line)
        : undefined;
    if (first !== undefined)
      return rejected(
        [{ field: 'SIRET', message: `same employer as line ${first}` }],
        fields.siret,
      );
    if (!current) {
      if (!input.legalName)
        return rejected([
          { field: 'Raison sociale', message: 'is required to create an employer' },
        ]);
      return { report: { line: p.line, outcome: 'created', siret: fields.siret }, fields };
    }
    const before = fieldsOf(current);
    const outcome = sameFields(before, fields) ? 'unchanged' : 'updated';
    return {
      report: { line: p.line, outcome, id: current.id, siret: fields.siret },
      before,
      fields,
    };
  }

  private async write(m: EntityManager, planned: Planned[], actor: ImportActor): Promise<void> {
    const repo = m.getRepository(Employer);
    const creates = planned.filter((p) => p.report.outcome === 'created');
    if (creates.length) {
      // One statement, the rows as one JSON parameter: a repository insert of 500 entities built
      // tens of kilobytes of short-lived objects per row, most of the worker's heap churn in a
      // 200,000-row import (docs/performance.md). Ids are made here (v4, as gen_random_uuid);
      // the other columns left out (timestamps, version, search_name) take their defaults.
      for (const p of creates) p.report.id = randomUUID();
      await m.query(INSERT_EMPLOYERS, [
        JSON.stringify(creates.map((p) => ({ id: p.report.id, ...p.fields! }))),
      ]);
    }
    for (const p of planned) {
      // The version moves so that someone editing the employer meanwhile gets a 409.
      if (p.report.outcome === 'updated') await repo.update({ id: p.report.id! }, { ...p.fields! });
    }
    await this.audit.recordMany(
      m,
      planned
        .filter((p) => p.report.outcome === 'created' || p.report.outcome === 'updated')
        .map((p) => ({
          actorId: actor.id,
          action: p.report.outcome === 'created' ? 'import_create' : 'import_update',
          entity: 'employer',
          entityId: p.report.id!,
          before: p.before,
          after: p.fields,
        })),
    );
  }

  /** Writes the filtered list as CSV (UTF-8 with BOM, `;`), page by page. */
  async exportCsv(filter: EmployerFilter, out: Writable): Promise<void> {
    const csv = csvStream();
    csv.pipe(out);
    // A client that goes away must not leave this loop waiting for a drain that never comes.
    let gone = false;
    out.once('close', () => (gone = true));
    const write = async (record: string[]) => {
      if (!csv.write(record) && !gone) await Promise.race([once(csv, 'drain'), once(out, 'close')]);
    };
    await write(CSV_COLUMNS.map((c) => c.header));
    for await (const page of this.exportPages(filter)) {
      for (const record of page) {
        if (gone) break;
        await write(record);
      }
      if (gone) {
        csv.destroy();
        return;
      }
    }
    csv.end();
    await once(csv, 'end');
  }

  /**
   * Writes the filtered list as an Excel workbook (one sheet, the CSV's French headers and cells),
   * streamed page by page; it imports back unchanged like the CSV.
   */
  async exportXlsx(filter: EmployerFilter, out: Writable): Promise<void> {
    let gone = false;
    out.once('close', () => (gone = true));
    const sheet = await XlsxSheetWriter.open(
      out,
      'Entreprises',
      CSV_COLUMNS.map((c) => c.header),
    );
    for await (const page of this.exportPages(filter)) {
      if (gone) return;
      for (const record of page) sheet.add(record);
      if (out.writableNeedDrain && !gone)
        await Promise.race([once(out, 'drain'), once(out, 'close')]);
    }
    if (!gone) await sheet.end();
  }

  /** The filtered list as export records (CSV_COLUMNS order), a page at a time. */
  private async *exportPages(filter: EmployerFilter): AsyncGenerator<string[][]> {
    let cursor: string | undefined;
    do {
      // Page by page on a replica: a replica lost mid-export costs one page read again.
      const { rows, keyOf } = await this.employers.listRows(filter, cursor, EXPORT_PAGE_SIZE + 1);
      const page = rows.slice(0, EXPORT_PAGE_SIZE);
      const referentIds = [...new Set(page.flatMap((r) => (r.referentId ? [r.referentId] : [])))];
      const emails = new Map<string, string>(
        referentIds.length
          ? (
              (await this.reads.query('SELECT id, email FROM users WHERE id = ANY($1::uuid[])', [
                referentIds,
              ])) as { id: string; email: string }[]
            ).map((u) => [u.id, u.email])
          : [],
      );
      yield page.map((r) =>
        toCsvRecord(r, r.referentId ? (emails.get(r.referentId) ?? null) : null),
      );
      const last = page[page.length - 1];
      cursor = rows.length > EXPORT_PAGE_SIZE && last ? encodeCursor(keyOf(last)) : undefined;
    } while (cursor);
  }
}

/**
 * The records of a CSV file, streamed by csv-parse, with the line each starts on. A file csv-parse
 * cannot read is a 400 naming the file.
 */
async function csvRecords(
  path: string,
  encoding: ImportReport['encoding'],
): Promise<AsyncGenerator<SheetRecord>> {
  const delimiter = detectDelimiter(await firstLine(path));
  const source = createReadStream(path);
  const parser = (encoding === 'utf-8' ? source : source.pipe(new Windows1252ToUtf8()))
    .pipe(new LineEndings())
    .pipe(
      parse({
        delimiter,
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        record_delimiter: '\n',
      }),
    );
  return (async function* () {
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>)
        yield { record, line: recordStartLine(info.lines, record) };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      // Every csv-parse error is the file's fault; not all of their codes start with CSV_
      // (INVALID_OPENING_QUOTE does not), so test the class.
      const code = (err as { code?: unknown }).code;
      if (err instanceof CsvError || (typeof code === 'string' && code.startsWith('CSV_')))
        throw DomainError.invalid('file', `is not a readable CSV file (${code})`);
      throw err;
    } finally {
      source.destroy();
    }
  })();
}

/** The first line of a file (enough to find its delimiter), without reading the whole file. */
async function firstLine(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
  } finally {
    await file.close();
  }
}
