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
import { SIRENE_IMPORT_JOB } from './sirene-import-job-name.js';
import { SireneImport, type SireneImportStatus, type SirenePhase } from './sirene-import.entity.js';
import { SireneImportService, type SireneFile } from './sirene-import.service.js';

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

export type SireneJobOutcome = { importId: string; status: SireneImportStatus | 'missing' };

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
  private readonly logger = new Logger('SireneImportJobs');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly importer: SireneImportService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private fileOf(id: string, file: SireneFile): string {
    return join(resolve(this.config.importDir), `${id}.${file}.csv`);
  }

  /** Takes over both uploaded files, records the import and queues its job. */
  async enqueue(
    uploads: { etablissements: string; unitesLegales: string },
    actor: AuthUser,
  ): Promise<{ id: string; status: SireneImportStatus }> {
    const repo = this.ds.getRepository(SireneImport);
    const row = await repo.save(repo.create({ actorId: actor.id }));
    const dir = resolve(this.config.importDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await keep(uploads.etablissements, this.fileOf(row.id, 'etablissements'));
    await keep(uploads.unitesLegales, this.fileOf(row.id, 'unites-legales'));
    // One job per import (its id as jobId), one attempt: a failure is recorded on the import.
    try {
      await this.queue.add(
        SIRENE_IMPORT_JOB,
        { importId: row.id },
        { jobId: `${SIRENE_IMPORT_JOB}-${row.id}`, attempts: 1 },
      );
    } catch (err) {
      await this.finish(row.id, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import could not be queued' },
      });
      throw err;
    }
    return { id: row.id, status: row.status };
  }

  /** The import's progress or report: its author's, or any admin's to read. */
  async view(id: string, user: AuthUser): Promise<SireneImportView> {
    const row = await this.ds.getRepository(SireneImport).findOneBy({ id });
    if (!row) throw DomainError.notFound('Import');
    if (row.actorId !== user.id && user.role !== 'admin')
      throw new DomainError('FORBIDDEN', 'Only the person who started this import can follow it');
    const { actorId: _actor, ...view } = row;
    return view;
  }

  /** The worker's `sirene-import {importId}` job. */
  async run(importId: string): Promise<SireneJobOutcome> {
    const repo = this.ds.getRepository(SireneImport);
    const claimed = await repo.update(
      { id: importId, status: 'queued' },
      { status: 'running', startedAt: new Date() },
    );
    const row = await repo.findOneBy({ id: importId });
    if (!row) return { importId, status: 'missing' };
    // Over already (a duplicate delivery): nothing to do. Still `running` without our claim: a
    // worker died during the import; its transaction was rolled back, so it starts again.
    if (!claimed.affected && row.status !== 'running') return { importId, status: row.status };
    let last = 0;
    let phase: SirenePhase | null = null;
    try {
      const report = await this.importer.import(
        {
          etablissements: this.fileOf(importId, 'etablissements'),
          unitesLegales: this.fileOf(importId, 'unites-legales'),
        },
        async (file, bytes, total, rows) => {
          const now = Date.now();
          if (file === phase && now - last < PROGRESS_EVERY_MS && bytes < total) return;
          phase = file;
          last = now;
          await repo.update(
            { id: importId },
            {
              phase: file,
              bytesRead: bytes,
              bytesTotal: total,
              kept: rows.kept,
              ...(file === 'etablissements'
                ? { establishmentsRead: rows.read }
                : { legalUnitsRead: rows.read }),
            },
          );
        },
      );
      return await this.finish(importId, 'done', {
        establishmentsRead: report.establishmentsRead,
        legalUnitsRead: report.legalUnitsRead,
        kept: report.prospects,
        prospects: report.prospects,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        removed: report.removed,
        employersClosed: report.employersClosed,
      });
    } catch (err) {
      if (err instanceof DomainError)
        return this.finish(importId, 'failed', {
          error: {
            code: err.code,
            detail: err.detail,
            ...(err.errors.length ? { errors: err.errors } : {}),
          },
        });
      // No personal data in logs: the error's class and code only, never its message.
      this.logger.error(
        `sirene import ${importId} failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`,
      );
      return this.finish(importId, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import stopped on an unexpected error' },
      });
    }
  }

  private async finish(
    id: string,
    status: 'done' | 'failed',
    fields: Partial<SireneImport>,
  ): Promise<SireneJobOutcome> {
    await this.ds
      .getRepository(SireneImport)
      .update({ id }, { ...fields, status, finishedAt: new Date() });
    for (const file of ['etablissements', 'unites-legales'] as const)
      await unlink(this.fileOf(id, file)).catch(() => undefined);
    return { importId: id, status };
  }
}

/** Moves an upload into IMPORT_DIR (copies it across file systems, then deletes it). */
async function keep(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from).catch(() => undefined);
  }
}
