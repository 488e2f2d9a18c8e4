import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ImportJobs, type ImportJobOutcome, type ImportJobStatus } from '../queue/import-jobs.js';
import { QUEUES } from '../queue/queue.constants.js';
import { SIRENE_IMPORT_JOB } from './sirene-import-job-name.js';
import { SireneImport, type SirenePhase } from './sirene-import.entity.js';
import { SireneImportService } from './sirene-import.service.js';

export type SireneImportView = Pick<
  SireneImport,
  | 'id'
  | 'status'
  | 'phase'
  | 'bytesRead'
  | 'bytesTotal'
  | 'establishmentsRead'
  | 'kept'
  | 'legalUnitsRead'
  | 'prospects'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'removed'
  | 'employersClosed'
  | 'error'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
>;

// Progress is written at most this often (the import reports about once a megabyte).
const PROGRESS_EVERY_MS = 1000;

/**
 * SIRENE imports uploaded from the web application (ADR 1703), run as background jobs like the
 * employer imports (ADR 1403): the request moves both uploaded files into IMPORT_DIR, records a
 * `sirene_imports` row and queues `sirene-import {importId}`; the worker runs the CLI's
 * SireneImportService on them, writing its progress as it reads, and deletes the files at the end.
 */
@Injectable()
export class SireneImportJobsService {
  private readonly jobs: ImportJobs<SireneImport, 'etablissements' | 'unitesLegales'>;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly importer: SireneImportService,
    @InjectQueue(QUEUES.imports) queue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.jobs = new ImportJobs(ds.getRepository(SireneImport), {
      job: SIRENE_IMPORT_JOB,
      queue,
      importDir: config.importDir,
      files: { etablissements: '.etablissements.csv', unitesLegales: '.unites-legales.csv' },
      logger: new Logger('SireneImportJobs'),
      logLabel: 'sirene import',
    });
  }

  /** Takes over both uploaded files, records the import and queues its job. */
  enqueue(
    uploads: { etablissements: string; unitesLegales: string },
    actor: AuthUser,
  ): Promise<{ id: string; status: ImportJobStatus }> {
    return this.jobs.enqueue({ actorId: actor.id }, uploads);
  }

  /** The import's progress or report: its author's, or any admin's to read. */
  async view(id: string, user: AuthUser): Promise<SireneImportView> {
    const { actorId: _actor, ...view } = await this.jobs.visible(id, user);
    return view;
  }

  /** The worker's `sirene-import {importId}` job. */
  async run(importId: string): Promise<ImportJobOutcome> {
    // Over already (a duplicate delivery): nothing to do. A re-run (a worker died during the
    // import) starts again: the import is one transaction, rolled back with the dead worker.
    const claim = await this.jobs.claim(importId);
    if ('outcome' in claim) return claim.outcome;
    let last = 0;
    let phase: SirenePhase | null = null;
    return this.jobs.settle(importId, async () => {
      const report = await this.importer.import(
        this.jobs.files(importId),
        async (file, bytes, total, rows) => {
          const now = Date.now();
          if (file === phase && now - last < PROGRESS_EVERY_MS && bytes < total) return;
          phase = file;
          last = now;
          await this.jobs.progress(importId, {
            phase: file,
            bytesRead: bytes,
            bytesTotal: total,
            kept: rows.kept,
            ...(file === 'etablissements'
              ? { establishmentsRead: rows.read }
              : { legalUnitsRead: rows.read }),
          });
        },
      );
      return {
        establishmentsRead: report.establishmentsRead,
        legalUnitsRead: report.legalUnitsRead,
        kept: report.prospects,
        prospects: report.prospects,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        removed: report.removed,
        employersClosed: report.employersClosed,
      };
    });
  }
}
