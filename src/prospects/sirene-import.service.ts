import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CsvError, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EmployersService } from '../employers/employers.service.js';
import {
  establishmentFate,
  legalUnitName,
  REQUIRED_COLUMNS,
  type ProspectRow,
  type SireneRecord,
} from './sirene-records.js';

export interface SireneImportReport {
  establishmentsRead: number;
  legalUnitsRead: number;
  prospects: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  employersClosed: number;
}

export type SireneFile = 'etablissements' | 'unites-legales';

/** Rows read so far in the current file, and establishments kept (the web page shows them). */
export interface SireneRowCounts {
  read: number;
  kept: number;
}

export type SireneProgress = (
  phase: SireneFile,
  bytes: number,
  total: number,
  rows: SireneRowCounts,
) => void | Promise<void>;

/** The field a refused file is reported under (the web form's field names). */
const FILE_FIELD: Record<SireneFile, string> = {
  etablissements: 'etablissements',
  'unites-legales': 'unitesLegales',
};

const BATCH = 1000;

// Columns of the staging table, in the order rows are sent.
const STAGE_COLUMNS = [
  ['siret', 'char(14)'],
  ['siren', 'char(9)'],
  ['trade_name', 'text'],
  ['naf_code', 'varchar(6)'],
  ['naf_version', 'naf_version'],
  ['headcount_band', 'varchar(2)'],
  ['street', 'text'],
  ['postal_code', 'varchar(5)'],
  ['insee_code', 'varchar(5)'],
  ['city', 'text'],
  ['epci_code', 'varchar(9)'],
  ['epci_name', 'text'],
  ['created_on', 'date'],
] as const;
const STAGE_VALUES = (r: ProspectRow) => [
  r.siret,
  r.siren,
  r.tradeName,
  r.nafCode,
  r.nafVersion,
  r.headcountBand,
  r.street,
  r.postalCode,
  r.inseeCode,
  r.city,
  r.epciCode,
  r.epciName,
  r.createdOn,
];
const DATA_COLUMNS = [
  'siren',
  'name',
  'trade_name',
  'naf_code',
  'naf_version',
  'headcount_band',
  'street',
  'postal_code',
  'insee_code',
  'city',
  'epci_code',
  'epci_name',
  'created_on',
];

/**
 * Streams INSEE's SIRENE stock files into the prospect register. Memory stays flat whatever the
 * size of the files: records are read one at a time and the establishments kept go to a staging
 * table in batches; only the SIRENs of the territory's establishments are held, to pick their
 * legal units in the second file. Everything lands in one transaction: a failed import changes
 * nothing, and importing the same files again changes nothing.
 */
@Injectable()
export class SireneImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly employers: EmployersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(
    files: { etablissements: string; unitesLegales: string },
    onProgress: SireneProgress = () => {},
  ): Promise<SireneImportReport> {
    const territory = new Set(this.config.territoryEpcis);
    // A wrong file is refused before the transaction starts (both headers are a line each).
    await checkSireneHeaders(files);
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query(
        `CREATE TEMP TABLE sirene_stage (${STAGE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}, name text, PRIMARY KEY (siret)) ON COMMIT DROP`,
      );
      await qr.query(`CREATE TEMP TABLE sirene_closed (siret char(14) PRIMARY KEY) ON COMMIT DROP`);

      const sirens = new Set<string>();
      let rows: ProspectRow[] = [];
      let closed: string[] = [];
      let kept = 0;
      const establishmentsRead = await readRecords(
        files.etablissements,
        'etablissements',
        (b, t, read) => onProgress('etablissements', b, t, { read, kept }),
        async (r) => {
          const fate = establishmentFate(r, territory);
          if (fate.kind === 'prospect') {
            kept++;
            rows.push(fate.row);
            sirens.add(fate.row.siren);
          } else if (fate.kind === 'closed') closed.push(fate.siret);
          if (rows.length >= BATCH) rows = await stage(qr, rows);
          if (closed.length >= BATCH) closed = await stageClosed(qr, closed);
        },
      );
      await stage(qr, rows);
      await stageClosed(qr, closed);

      let names: [string, string][] = [];
      const legalUnitsRead = await readRecords(
        files.unitesLegales,
        'unites-legales',
        (b, t, read) => onProgress('unites-legales', b, t, { read, kept }),
        async (r) => {
          const siren = r.siren?.trim();
          if (!siren || !sirens.has(siren)) return;
          const name = legalUnitName(r);
          if (name) names.push([siren, name]);
          if (names.length >= BATCH) names = await nameStage(qr, names);
        },
      );
      await nameStage(qr, names);

      const report = await this.apply(qr);
      await qr.commitTransaction();
      return { establishmentsRead, legalUnitsRead, ...report };
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    } finally {
      await qr.release();
    }
  }

  private async apply(
    qr: QueryRunner,
  ): Promise<Omit<SireneImportReport, 'establishmentsRead' | 'legalUnitsRead'>> {
    const now = this.clock.now();
    const changed = DATA_COLUMNS.map((c) => `p.${c} IS DISTINCT FROM s.${c}`).join(' OR ');
    const upserted: { inserted: boolean }[] = await qr.query(
      `INSERT INTO prospects AS p (siret, ${DATA_COLUMNS.join(', ')}, updated_at)
       SELECT siret, ${DATA_COLUMNS.join(', ')}, $1 FROM sirene_stage s
       ON CONFLICT (siret) DO UPDATE SET ${DATA_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at
       WHERE ${changed.replaceAll('s.', 'excluded.')}
       RETURNING (xmax = 0) AS inserted`,
      [now],
    );
    const created = upserted.filter((r) => r.inserted).length;
    const [{ n: prospects }] = (await qr.query('SELECT count(*)::int AS n FROM sirene_stage')) as [
      { n: number },
    ];
    // The register mirrors the latest files: an establishment no longer an active employer of
    // the territory leaves it.
    const removed = (await qr.query(
      `DELETE FROM prospects p WHERE NOT EXISTS (SELECT 1 FROM sirene_stage s WHERE s.siret = p.siret)`,
      [],
      true,
    )) as { affected?: number };
    const closing = (await qr.query(
      `SELECT e.id FROM employers e JOIN sirene_closed c ON c.siret = e.siret WHERE e.closed_at IS NULL`,
    )) as { id: string }[];
    await this.employers.recordClosures(
      qr.manager,
      closing.map((r) => r.id),
      now,
    );
    return {
      prospects,
      created,
      updated: upserted.length - created,
      unchanged: prospects - upserted.length,
      removed: removed.affected ?? 0,
      employersClosed: closing.length,
    };
  }
}

/** A refused SIRENE file, as a 400 would carry it (field: the form's file field). */
function refusedFile(file: SireneFile, message: string): DomainError {
  return DomainError.invalid(FILE_FIELD[file], message);
}

/** A file whose header lacks INSEE columns: the columns travel as data, not only in the text. */
function missingColumnsError(file: SireneFile, missing: string[]): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The request is not valid', {}, [
    {
      field: FILE_FIELD[file],
      message: `lacks the columns ${missing.join(', ')}`,
      missingColumns: missing,
    },
  ]);
}

/** The first line of a file, at most 64 KB of it (a SIRENE header is about 2 KB). */
async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const end = text.search(/\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** The columns a file lacks among those its kind requires (its header read by csv-parse). */
async function missingColumns(path: string, file: SireneFile): Promise<string[] | null> {
  const line = await firstLine(path);
  if (!line.trim()) return null;
  let header: string[];
  try {
    header =
      (
        await new Promise<string[][]>((resolve, reject) =>
          parse(line, { relax_column_count: true }, (err, rows: string[][]) =>
            err ? reject(err) : resolve(rows),
          ),
        )
      )[0] ?? [];
  } catch {
    return null;
  }
  const present = new Set(header.map((c) => c.trim()));
  return REQUIRED_COLUMNS[file].filter((c) => !present.has(c));
}

/**
 * Checks both files' headers (a line each, so cheap before queuing an import): a file that is
 * empty, not a CSV, or lacks one of INSEE's required columns is refused with VALIDATION_FAILED.
 */
export async function checkSireneHeaders(files: {
  etablissements: string;
  unitesLegales: string;
}): Promise<void> {
  for (const [file, path] of [
    ['etablissements', files.etablissements],
    ['unites-legales', files.unitesLegales],
  ] as const) {
    const missing = await missingColumns(path, file);
    if (missing === null) throw refusedFile(file, 'is empty or not a readable CSV file');
    if (missing.length) throw missingColumnsError(file, missing);
  }
}

/** Reads a SIRENE CSV file record by record, columns found by their INSEE names. */
async function readRecords(
  path: string,
  file: SireneFile,
  onBytes: (bytes: number, total: number, read: number) => void | Promise<void>,
  onRecord: (r: SireneRecord) => Promise<void>,
): Promise<number> {
  const total = (await stat(path)).size;
  const stream = createReadStream(path);
  let bytes = 0;
  let reported = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const parser = stream.pipe(
    parse({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let n = 0;
  try {
    for await (const record of parser) {
      n++;
      await onRecord(record as SireneRecord);
      // About once a megabyte read: the CLI's bar and the web page's progress.
      if (bytes - reported > 1 << 20) {
        reported = bytes;
        await onBytes(bytes, total, n);
      }
    }
  } catch (err) {
    // A malformed file (a quote left open, a binary file): refused, as its header would be.
    if (err instanceof CsvError) throw refusedFile(file, 'is empty or not a readable CSV file');
    throw err;
  }
  await onBytes(total, total, n);
  return n;
}

async function stage(qr: QueryRunner, rows: ProspectRow[]): Promise<ProspectRow[]> {
  if (!rows.length) return [];
  const columns = STAGE_COLUMNS.map(([c]) => c);
  const values = rows.map(STAGE_VALUES);
  const params = columns.map((_, i) => values.map((v) => v[i]));
  await qr.query(
    `INSERT INTO sirene_stage (${columns.join(', ')})
     SELECT * FROM unnest(${STAGE_COLUMNS.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ')})
     ON CONFLICT (siret) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    params,
  );
  return [];
}

// Strings travel as text[]: a char(n)[] cast would cut them to one character.
const arrayType = (t: string) => (/^(char|varchar|text)/.test(t) ? 'text' : t);

async function stageClosed(qr: QueryRunner, sirets: string[]): Promise<string[]> {
  if (sirets.length)
    await qr.query('INSERT INTO sirene_closed SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [
      sirets,
    ]);
  return [];
}

async function nameStage(qr: QueryRunner, names: [string, string][]): Promise<[string, string][]> {
  if (names.length)
    await qr.query(
      `UPDATE sirene_stage s SET name = v.name
       FROM unnest($1::text[], $2::text[]) AS v(siren, name) WHERE s.siren = v.siren`,
      [names.map((n) => n[0]), names.map((n) => n[1])],
    );
  return [];
}
