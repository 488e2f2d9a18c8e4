import { Column, Entity, Index } from 'typeorm';
import type { FieldError } from '../common/domain-error.js';
import { IMPORT_JOB_STATUSES, ImportJobRow, type ImportJobStatus } from '../queue/import-jobs.js';

/** A rejected row as the report lists it (the first MAX_REPORTED_ROWS of them). */
export interface StoredRejectedRow {
  line: number;
  outcome: 'rejected';
  siret?: string | null;
  errors?: FieldError[];
}

/**
 * One background employer import (ADR 1403): its options, its progress (counts updated after every
 * batch) and, once over, the capped report of rejected rows or the error that stopped it. The file
 * itself is on disk in IMPORT_DIR while the job runs, never in the database nor in Redis.
 */
@Entity('employer_imports')
@Index('employer_imports_actor_idx', ['actorId', 'createdAt'])
export class EmployerImport extends ImportJobRow {
  @Column({
    type: 'enum',
    enum: IMPORT_JOB_STATUSES,
    enumName: 'employer_import_status',
    default: 'queued',
  })
  status: ImportJobStatus;

  @Column('varchar', { length: 4 })
  format: 'csv' | 'xlsx';

  @Column('varchar', { length: 12, nullable: true })
  encoding: 'utf-8' | 'windows-1252' | null;

  @Column('boolean')
  dryRun: boolean;

  @Column('boolean')
  atomic: boolean;

  /** Data rows in the file (the first pass's count); null until the job has counted them. */
  @Column('int', { nullable: true })
  rowsTotal: number | null;

  @Column('int', { default: 0 })
  rowsRead: number;

  @Column('int', { default: 0 })
  created: number;

  @Column('int', { default: 0 })
  updated: number;

  @Column('int', { default: 0 })
  unchanged: number;

  @Column('int', { default: 0 })
  rejected: number;

  @Column('jsonb', { default: () => "'[]'" })
  rejectedRows: StoredRejectedRow[];

  @Column('int', { default: 0 })
  rowsOmitted: number;
}
