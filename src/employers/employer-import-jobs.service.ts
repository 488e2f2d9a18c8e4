import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { copyFile, mkdir, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { QUEUES } from '../queue/queue.constants.js';
import { EMPLOYER_IMPORT_JOB } from './employer-import-job-name.js';
import {
  EmployerImport,
  type ImportStatus,
  type StoredImportError,
  type StoredRejectedRow,
} from './employer-import.entity.js';
import {
  EmployerImportService,
  type ImportOptions,
  type ImportReport,
} from './employer-import.service.js';
import { isXlsx } from './employer-xlsx.js';

/** What `GET /api/v1/employers/imports/:id` answers. */
export interface ImportJobView {
  id: string;
  status: ImportStatus;
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

export type ImportJobOutcome = { importId: string; status: ImportStatus | 'missing' };

/**
 * Background employer imports (ADR 1403). The request keeps the upload in IMPORT_DIR, records an
 * `employer_imports` row and queues `employer-import {importId}`; the worker streams the file
 * through EmployerImportService's row pipeline, writing the counts after every batch, and deletes
 * the file when the import is over.
 */
@Injectable()
export class EmployerImportJobsService {
  private readonly logger = new Logger('EmployerImportJobs');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly importer: EmployerImportService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private fileOf(id: string): string {
    return join(resolve(this.config.importDir), `${id}.upload`);
  }

  /** Keeps the uploaded file, records the import and queues its job; the caller answers 202. */
  async enqueue(
    uploadPath: string,
    options: ImportOptions,
    actor: AuthUser,
  ): Promise<{ id: string; status: ImportStatus }> {
    const repo = this.ds.getRepository(EmployerImport);
    const row = await repo.save(
      repo.create({
        actorId: actor.id,
        format: (await isXlsx(uploadPath)) ? 'xlsx' : 'csv',
        dryRun: options.dryRun,
        atomic: !!options.atomic && !options.dryRun,
      }),
    );
    const dir = resolve(this.config.importDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const kept = this.fileOf(row.id);
    try {
      await rename(uploadPath, kept);
    } catch (err) {
      // Another file system (the upload lands in the OS temporary directory): copy instead; the
      // upload itself is deleted by DeleteUploadInterceptor.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(uploadPath, kept);
    }
    // One job per import (its id as jobId); the attempt count is 1 because a failure is recorded
    // on the import itself. A worker that dies mid-job gets it back as a stalled job: see run().
    try {
      await this.queue.add(
        EMPLOYER_IMPORT_JOB,
        { importId: row.id },
        { jobId: `${EMPLOYER_IMPORT_JOB}-${row.id}`, attempts: 1 },
      );
    } catch (err) {
      // Not queued (Redis unreachable): no import is left waiting forever, nor its file.
      await this.finish(row.id, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import could not be queued' },
      });
      throw err;
    }
    return { id: row.id, status: row.status };
  }

  /** The import's progress or report: its actor's, or any admin's to read. */
  async view(id: string, user: AuthUser): Promise<ImportJobView> {
    const row = await this.ds.getRepository(EmployerImport).findOneBy({ id });
    if (!row) throw DomainError.notFound('Import');
    if (row.actorId !== user.id && user.role !== 'admin')
      throw new DomainError('FORBIDDEN', 'Only the person who started this import can follow it');
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
    const repo = this.ds.getRepository(EmployerImport);
    const claimed = await repo.update(
      { id: importId, status: 'queued' },
      { status: 'running', startedAt: new Date() },
    );
    let row = await repo.findOneBy({ id: importId });
    if (!row) return { importId, status: 'missing' };
    if (!claimed.affected) {
      // Over already (a duplicate delivery): nothing to do.
      if (row.status !== 'running') return { importId, status: row.status };
      // Still `running`: a worker died during this import and BullMQ handed the stalled job back.
      // An atomic import or a dry run wrote nothing, so it starts again. Otherwise the batches
      // before the crash are committed: rows matched by SIRET or identifier would come back
      // `unchanged`, but rows with neither would be created a second time, so it stops here.
      if (!row.atomic && !row.dryRun)
        return this.finish(row.id, 'failed', {
          error: {
            code: 'IMPORT_INTERRUPTED',
            detail:
              'The import was interrupted; the rows counted so far are saved. Import the file again: rows with a SIRET or an identifier are matched, rows without would be created twice.',
          },
        });
      await repo.update(
        { id: importId },
        {
          rowsRead: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          rejectedRows: [],
          rowsOmitted: 0,
          startedAt: new Date(),
        },
      );
      row = (await repo.findOneBy({ id: importId }))!;
    }
    try {
      const report = await this.importer.importFile(
        this.fileOf(row.id),
        { dryRun: row.dryRun, atomic: row.atomic },
        { id: row.actorId },
        {
          onCounted: async ({ rows, encoding }) => {
            await repo.update({ id: importId }, { rowsTotal: rows, encoding });
          },
          onBatch: async (r) => {
            await repo.update({ id: importId }, countsOf(r));
          },
        },
      );
      return await this.finish(row.id, 'done', countsOf(report));
    } catch (err) {
      if (err instanceof DomainError)
        return this.finish(row.id, 'failed', {
          error: {
            code: err.code,
            detail: err.detail,
            ...(err.errors.length ? { errors: err.errors } : {}),
          },
        });
      // No personal data in logs: the error's class and code only, never its message.
      this.logger.error(
        `import ${importId} failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`,
      );
      return this.finish(row.id, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import stopped on an unexpected error' },
      });
    }
  }

  private async finish(
    id: string,
    status: 'done' | 'failed',
    fields: Partial<EmployerImport>,
  ): Promise<ImportJobOutcome> {
    await this.ds
      .getRepository(EmployerImport)
      .update({ id }, { ...fields, status, finishedAt: new Date() });
    await unlink(this.fileOf(id)).catch(() => undefined);
    return { importId: id, status };
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
