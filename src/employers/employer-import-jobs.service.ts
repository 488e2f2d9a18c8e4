import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  ImportJobs,
  type ImportJobOutcome,
  type ImportJobStatus,
  type StoredImportError,
} from '../queue/import-jobs.js';
import { QUEUES } from '../queue/queue.constants.js';
import { EMPLOYER_IMPORT_JOB } from './employer-import-job-name.js';
import { EmployerImport, type StoredRejectedRow } from './employer-import.entity.js';
import {
  EmployerImportService,
  type ImportOptions,
  type ImportReport,
} from './employer-import.service.js';
import { isXlsx } from './employer-xlsx.js';

/** What `GET /api/v1/employers/imports/:id` answers. */
export interface ImportJobView {
  id: string;
  status: ImportJobStatus;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | null;
  dryRun: boolean;
  atomic: boolean;
  rowsTotal: number | null;
  rowsRead: number;
  totals: { created: number; updated: number; unchanged: number; rejected: number };
  rows: StoredRejectedRow[];
  rowsOmitted: number;
  error: StoredImportError | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Background employer imports (ADR 1403). The request keeps the upload in IMPORT_DIR, records an
 * `employer_imports` row and queues `employer-import {importId}`; the worker streams the file
 * through EmployerImportService's row pipeline, writing the counts after every batch, and deletes
 * the file when the import is over.
 */
@Injectable()
export class EmployerImportJobsService {
  private readonly jobs: ImportJobs<EmployerImport, 'upload'>;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly importer: EmployerImportService,
    @InjectQueue(QUEUES.imports) queue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.jobs = new ImportJobs(ds.getRepository(EmployerImport), {
      job: EMPLOYER_IMPORT_JOB,
      queue,
      importDir: config.importDir,
      files: { upload: '.upload' },
      logger: new Logger('EmployerImportJobs'),
      logLabel: 'import',
    });
  }

  /** Keeps the uploaded file, records the import and queues its job; the caller answers 202. */
  async enqueue(
    uploadPath: string,
    options: ImportOptions,
    actor: AuthUser,
  ): Promise<{ id: string; status: ImportJobStatus }> {
    // The API's upload itself is also deleted by DeleteUploadInterceptor (nothing left to delete
    // once it has been moved).
    return this.jobs.enqueue(
      {
        actorId: actor.id,
        format: (await isXlsx(uploadPath)) ? 'xlsx' : 'csv',
        dryRun: options.dryRun,
        atomic: !!options.atomic && !options.dryRun,
      },
      { upload: uploadPath },
    );
  }

  /** The import's progress or report: its actor's, or any admin's to read. */
  async view(id: string, user: AuthUser): Promise<ImportJobView> {
    const row = await this.jobs.visible(id, user);
    return {
      id: row.id,
      status: row.status,
      format: row.format,
      encoding: row.encoding,
      dryRun: row.dryRun,
      atomic: row.atomic,
      rowsTotal: row.rowsTotal,
      rowsRead: row.rowsRead,
      totals: {
        created: row.created,
        updated: row.updated,
        unchanged: row.unchanged,
        rejected: row.rejected,
      },
      rows: row.rejectedRows,
      rowsOmitted: row.rowsOmitted,
      error: row.error,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    };
  }

  /** The worker's `employer-import {importId}` job. */
  async run(importId: string): Promise<ImportJobOutcome> {
    const claim = await this.jobs.claim(importId);
    if ('outcome' in claim) return claim.outcome;
    const { row } = claim;
    if (claim.rerun) {
      // A worker died during this import. An atomic import or a dry run wrote nothing, so it
      // starts again. Otherwise the batches before the crash are committed: rows matched by SIRET
      // or identifier would come back `unchanged`, but rows with neither would be created a
      // second time, so it stops here.
      if (!row.atomic && !row.dryRun)
        return this.jobs.finish(row.id, 'failed', {
          error: {
            code: 'IMPORT_INTERRUPTED',
            detail:
              'The import was interrupted; the rows counted so far are saved. Import the file again: rows with a SIRET or an identifier are matched, rows without would be created twice.',
          },
        });
      await this.jobs.progress(importId, {
        rowsRead: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rejectedRows: [],
        rowsOmitted: 0,
        startedAt: new Date(),
      });
    }
    return this.jobs.settle(importId, async () =>
      countsOf(
        await this.importer.importFile(
          this.jobs.files(importId).upload,
          { dryRun: row.dryRun, atomic: row.atomic },
          { id: row.actorId },
          {
            onCounted: async ({ rows, encoding }) => {
              await this.jobs.progress(importId, { rowsTotal: rows, encoding });
            },
            onBatch: async (r) => {
              await this.jobs.progress(importId, countsOf(r));
            },
          },
        ),
      ),
    );
  }
}

const countsOf = (r: ImportReport): Partial<EmployerImport> => ({
  rowsRead: r.totals.created + r.totals.updated + r.totals.unchanged + r.totals.rejected,
  created: r.totals.created,
  updated: r.totals.updated,
  unchanged: r.totals.unchanged,
  rejected: r.totals.rejected,
  rejectedRows: r.rows as StoredRejectedRow[],
  rowsOmitted: r.rowsOmitted,
});
