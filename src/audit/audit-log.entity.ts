import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

@Entity('audit_log')
@Index(['entity', 'entityId', 'at'])
@Index(['actorId', 'at'])
@Index(['at'])
export class AuditLogEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at: Date;

  // Null for the system (jobs, employers acting through survey links).
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  @Column('text')
  entity: string;

  @Column('uuid')
  entityId: string;

  @Column('jsonb', { default: () => "'[]'" })
  changes: FieldChange[];
}
