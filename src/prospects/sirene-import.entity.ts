import { Column, Entity, Index } from 'typeorm';
import { IMPORT_JOB_STATUSES, ImportJobRow, type ImportJobStatus } from '../queue/import-jobs.js';

export const SIRENE_PHASES = ['etablissements', 'unites-legales'] as const;
export type SirenePhase = (typeof SIRENE_PHASES)[number];

/**
 * One SIRENE import uploaded from the web application (ADR 1703): its progress (updated as the
 * files are read) and, once over, the import's report or the error that stopped it. The two files
 * are on disk in IMPORT_DIR while the job runs, never in the database nor in Redis. Counts only:
 * no establishment or person data.
 */
@Entity('sirene_imports')
@Index('sirene_imports_actor_idx', ['actorId', 'createdAt'])
export class SireneImport extends ImportJobRow {
  @Column({
    type: 'enum',
    enum: IMPORT_JOB_STATUSES,
    enumName: 'sirene_import_status',
    default: 'queued',
  })
  status: ImportJobStatus;

  /** The file being read; null before the job starts. */
  @Column('varchar', { length: 16, nullable: true })
  phase: SirenePhase | null;

  /** Bytes of the current file read so far, and its size. */
  @Column('bigint', { default: 0, transformer: { to: (v: number) => v, from: Number } })
  bytesRead: number;

  @Column('bigint', { default: 0, transformer: { to: (v: number) => v, from: Number } })
  bytesTotal: number;

  @Column('int', { default: 0 })
  establishmentsRead: number;

  /** Establishments kept so far: active employers of the territory. */
  @Column('int', { default: 0 })
  kept: number;

  @Column('int', { default: 0 })
  legalUnitsRead: number;

  /** The import's report, once done. */
  @Column('int', { nullable: true })
  prospects: number | null;

  @Column('int', { nullable: true })
  created: number | null;

  @Column('int', { nullable: true })
  updated: number | null;

  @Column('int', { nullable: true })
  unchanged: number | null;

  @Column('int', { nullable: true })
  removed: number | null;

  @Column('int', { nullable: true })
  employersClosed: number | null;
}
