import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { Versioned } from '../database/base.entity.js';
import { Employer } from '../employers/employer.entity.js';
import { User } from '../users/user.entity.js';

export const OFFER_STATUSES = ['draft', 'published', 'filled', 'closed', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const WORKING_TIMES = ['full_time', 'part_time'] as const;
export type WorkingTime = (typeof WORKING_TIMES)[number];

@Entity('job_offers')
@Index(['employerId', 'createdAt'])
@Index(['status', 'publishedAt'])
@Index(['status', 'expiresAt'])
@Index(['createdAt'])
// Trigram index of the public board's word search (migration 1795974551000, an expression index).
@Index('job_offers_public_search_idx', { synchronize: false })
export class JobOffer extends Versioned {
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => Employer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<Employer>;

  @Column('text')
  title: string;

  @Column('char', { length: 5 })
  romeCode: string;

  @Column('text')
  description: string;

  @Column({ type: 'enum', enum: CONTRACT_TYPES, enumName: 'contract_type' })
  contractType: ContractType;

  @Column({ type: 'enum', enum: WORKING_TIMES, enumName: 'working_time', default: 'full_time' })
  workingTime: WorkingTime;

  @Column('numeric', { precision: 4, scale: 1, nullable: true })
  weeklyHours: number | null;

  @Column('int', { default: 1 })
  positions: number;

  @Column('date', { nullable: true })
  startDate: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column('varchar', { length: 5 })
  inseeCode: string;

  @Column('varchar', { length: 5 })
  postalCode: string;

  @Column('text')
  city: string;

  @Column('varchar', { length: 9, nullable: true })
  epciCode: string | null;

  @Column({ type: 'enum', enum: OFFER_STATUSES, enumName: 'offer_status', default: 'draft' })
  status: OfferStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column('uuid', { nullable: true })
  adviserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'adviser_id' })
  adviser?: Relation<User>;
}
