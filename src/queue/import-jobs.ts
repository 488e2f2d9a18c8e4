import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { copyFile, mkdir, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  Column,
  CreateDateColumn,
  PrimaryGeneratedColumn,
  type DeepPartial,
  type FindOptionsWhere,
  type QueryDeepPartialEntity,
  type Repository,
} from 'typeorm';
import { DomainError, type FieldError } from '../common/domain-error.js';

/** A background import's life (ADR 1403): queued → running → done | failed. */
export const IMPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** Why a background import stopped: the same code, detail and field errors a 4xx would carry. */
export interface StoredImportError {
  code: string;
  detail: string;
  errors?: FieldError[];
}

/** What an import job's handler returns: the import's id and how it ended, no personal data. */
export interface ImportJobOutcome {
  importId: string;
  status: ImportJobStatus | 'missing';
}

/**
 * The columns every import table has (`employer_imports`, `sirene_imports`), declared once. The
 * status column is each entity's own: its PostgreSQL enum type has the table's name.
 */
export abstract class ImportJobRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  abstract status: ImportJobStatus;

  // Who uploaded the file(s); no foreign key: the row outlives an erased account as a plain id.
  @Column('uuid')
  actorId: string;

  @Column('jsonb', { nullable: true })
  error: StoredImportError | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}

/**
 * What `claim` found: the row this run owns, `rerun` when it was `running` already (a worker died
 * during the import and BullMQ handed the stalled job back; each import decides what a re-run
 * may do); or, with nothing to run, the outcome to return.
 */
export type ImportClaim<T> = { row: T; rerun: boolean } | { outcome: ImportJobOutcome };

/** One kind of background import: its table, its job on the `imports` queue, its files. */
export interface ImportJobsOptions<F extends string> {
  /** The job's name; its payload is `{importId}` only, its BullMQ id `<name>-<importId>`. */
  job: string;
  queue: Queue;
  importDir: string;
  /** Each file's name in IMPORT_DIR after the import's id (`.upload`, `.etablissements.csv`). */
  files: Record<F, string>;
  logger: Logger;
  /** How the log line names an import that failed on an unexpected error (`import`). */
  logLabel: string;
}

/**
 * The machinery the background imports share (employers, ADR 1403; SIRENE, ADR 1703), each on
 * its own table: files kept in IMPORT_DIR and deleted once the import is over, an id-only job,
 * the queued → running claim, done or failed with the error recorded (never retried), and reading
 * an import, which only its author or an admin may do. What an import counts, reports and does
 * when re-run stays with its own service.
 */
export class ImportJobs<T extends ImportJobRow, F extends string> {
  constructor(
    private readonly repo: Repository<T>,
    private readonly options: ImportJobsOptions<F>,
  ) {}

  /** The import's files in IMPORT_DIR. */
  files(id: string): Record<F, string> {
    const dir = resolve(this.options.importDir);
    return Object.fromEntries(
      Object.entries<string>(this.options.files).map(([key, suffix]) => [
        key,
        join(dir, id + suffix),
      ]),
    ) as Record<F, string>;
  }

  /**
   * Records the import, moves its uploads into IMPORT_DIR and queues its job; the caller answers
   * 202 or redirects to the progress page. An import that cannot be queued is failed, not left
   * waiting forever, and its files are deleted.
   */
  async enqueue(
    fields: DeepPartial<T>,
    uploads: Record<F, string>,
  ): Promise<{ id: string; status: ImportJobStatus }> {
    const row = await this.repo.save(this.repo.create(fields));
    await mkdir(resolve(this.options.importDir), { recursive: true, mode: 0o700 });
    const kept = this.files(row.id);
    for (const key of Object.keys(kept) as F[]) await keep(uploads[key], kept[key]);
    // One job per import (its id as jobId); one attempt: a failure is recorded on the import. A
    // worker that dies mid-job gets it back as a stalled job: see claim().
    const { job, queue } = this.options;
    try {
      await queue.add(job, { importId: row.id }, { jobId: `${job}-${row.id}`, attempts: 1 });
    } catch (err) {
      // Not queued (Redis unreachable).
      await this.finish(row.id, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import could not be queued' },
      });
      throw err;
    }
    return { id: row.id, status: row.status };
  }

  /** The import, for its author or an admin only: 404 unknown, 403 anyone else. */
  async visible(id: string, user: { id: string; role: string }): Promise<T> {
    const row = await this.repo.findOneBy({ id } as FindOptionsWhere<T>);
    if (!row) throw DomainError.notFound('Import');
    if (row.actorId !== user.id && user.role !== 'admin')
      throw new DomainError('FORBIDDEN', 'Only the person who started this import can follow it');
    return row;
  }

  /**
   * The job's first step: `queued` becomes `running` (one statement, so two deliveries cannot
   * both take it). An import over already (a duplicate delivery) or gone has nothing to run.
   */
  async claim(id: string): Promise<ImportClaim<T>> {
    const claimed = await this.update(
      { id, status: 'queued' },
      { status: 'running', startedAt: new Date() },
    );
    const row = await this.repo.findOneBy({ id } as FindOptionsWhere<T>);
    if (!row) return { outcome: { importId: id, status: 'missing' } };
    if (claimed.affected) return { row, rerun: false };
    if (row.status !== 'running') return { outcome: { importId: id, status: row.status } };
    return { row, rerun: true };
  }

  /** Writes what the import has counted so far (or resets it). */
  async progress(id: string, fields: Partial<T>): Promise<void> {
    await this.update({ id }, fields);
  }

  /**
   * Runs the import: `done` with the fields `work` resolves to (its report), or `failed` with its
   * error: a DomainError's code, detail and field errors, anything else an INTERNAL_ERROR logged
   * by its class and code only (never its message: no personal data in logs).
   */
  async settle(id: string, work: () => Promise<Partial<T>>): Promise<ImportJobOutcome> {
    try {
      return await this.finish(id, 'done', await work());
    } catch (err) {
      if (err instanceof DomainError)
        return this.finish(id, 'failed', {
          error: {
            code: err.code,
            detail: err.detail,
            ...(err.errors.length ? { errors: err.errors } : {}),
          },
        });
      this.options.logger.error(
        `${this.options.logLabel} ${id} failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`,
      );
      return this.finish(id, 'failed', {
        error: { code: 'INTERNAL_ERROR', detail: 'The import stopped on an unexpected error' },
      });
    }
  }

  // The one place where the rows' common columns meet TypeORM's types for the row class.
  private update(
    where: Pick<ImportJobRow, 'id'> & Partial<Pick<ImportJobRow, 'status'>>,
    fields: Partial<T> | Partial<ImportJobRow>,
  ) {
    return this.repo.update(where as FindOptionsWhere<T>, fields as QueryDeepPartialEntity<T>);
  }

  /** Ends the import (`finishedAt`, with its last fields) and deletes its files. */
  async finish(
    id: string,
    status: 'done' | 'failed',
    fields: Partial<T> | Pick<ImportJobRow, 'error'>,
  ): Promise<ImportJobOutcome> {
    await this.update({ id }, { ...fields, status, finishedAt: new Date() });
    for (const path of Object.values<string>(this.files(id)))
      await unlink(path).catch(() => undefined);
    return { importId: id, status };
  }
}

/**
 * Moves an upload into IMPORT_DIR. Across file systems (an upload in the OS temporary directory)
 * it is copied, then deleted.
 */
async function keep(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from).catch(() => undefined);
  }
}
