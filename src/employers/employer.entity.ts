import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { NAF_VERSIONS, type NafVersion } from '../reference/naf.js';
import { User } from '../users/user.entity.js';

export const EMPLOYER_STATUSES = ['prospect', 'partner', 'archived'] as const;
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];
export const EMPLOYER_SOURCES = ['outreach', 'inbound', 'event', 'partner', 'other'] as const;
export type EmployerSource = (typeof EMPLOYER_SOURCES)[number];

@Entity('employers')
@Index('employers_siret_key', ['siret'], { unique: true })
@Index('employers_name_trgm_idx', { synchronize: false })
@Index('employers_tags_idx', { synchronize: false })
@Index('employers_activity_idx', { synchronize: false })
@Index('employers_duplicate_idx', { synchronize: false })
@Index('employers_sort_name_idx', { synchronize: false })
@Index('employers_legal_prefix_idx', { synchronize: false })
@Index('employers_trade_prefix_idx', { synchronize: false })
@Index(['epciCode', 'lastInteractionAt'])
@Index(['referentId', 'lastInteractionAt'])
@Index(['lastInteractionAt'])
@Index(['inseeCode'])
@Index(['nafCode'])
@Index(['mergedIntoId'])
export class Employer extends Versioned {
  @Column('char', { length: 14, nullable: true })
  siret: string | null;

  @Column('char', { length: 9, nullable: true })
  siren: string | null;

  @Column('text')
  legalName: string;

  @Column('text', { nullable: true })
  tradeName: string | null;

  @Column('varchar', { length: 6, nullable: true })
  nafCode: string | null;

  // The nomenclature of nafCode: NAF rév. 2 or NAF 2025 (SIRENE's from 2027). Meaningless without
  // a code (the API then shows null).
  @Column({ type: 'enum', enum: NAF_VERSIONS, enumName: 'naf_version', default: 'rev2' })
  nafVersion: NafVersion;

  @Column('varchar', { length: 2, nullable: true })
  headcountBand: string | null;

  @Column('text', { nullable: true })
  street: string | null;

  @Column('varchar', { length: 5, nullable: true })
  postalCode: string | null;

  @Column('varchar', { length: 5, nullable: true })
  inseeCode: string | null;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('varchar', { length: 9, nullable: true })
  epciCode: string | null;

  @Column('text', { nullable: true })
  epciName: string | null;

  @Column('boolean', { default: false })
  qpv: boolean;

  // France Ruralités Revitalisation, which replaced ZRR in July 2024.
  @Column('boolean', { default: false })
  frr: boolean;

  @Column({
    type: 'enum',
    enum: EMPLOYER_STATUSES,
    enumName: 'employer_status',
    default: 'prospect',
  })
  status: EmployerStatus;

  @Column('uuid', { nullable: true })
  referentId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'referent_id' })
  referent?: Relation<User>;

  @Column({ type: 'enum', enum: EMPLOYER_SOURCES, enumName: 'employer_source', default: 'other' })
  source: EmployerSource;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('text', { nullable: true })
  notes: string | null;

  // Normalised name (no accents, lower case), set by a trigger on every write: search reads and
  // indexes it without re-running unaccent and a regex on every candidate row.
  @Column({ type: 'text', insert: false, update: false, select: false })
  searchName: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastInteractionAt: Date | null;

  // When SIRENE reported the establishment closed (a later SIRENE import).
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  // Set when this record was merged into another one and archived.
  @Column('uuid', { nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Employer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Relation<Employer>;
}
