import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { Versioned } from '../database/base.entity.js';
import { Employer } from '../employers/employer.entity.js';
import { JobOffer } from '../job-offers/job-offer.entity.js';
import { User } from '../users/user.entity.js';
import { YoungPerson } from '../young-people/young-person.entity.js';
import { Event } from '../events/event.entity.js';

export const PLACEMENT_STATUSES = [
  'proposed',
  'interview',
  'hired',
  'declined',
  'withdrawn',
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];
export const OUTCOMES = ['ongoing', 'completed', 'ruptured'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const RUPTURE_INITIATIVES = ['employer', 'employee', 'mutual', 'other'] as const;
export type RuptureInitiative = (typeof RUPTURE_INITIATIVES)[number];

@Entity('placements')
@Index(['employerId', 'createdAt'])
@Index(['youngPersonId'])
@Index(['adviserId', 'status'])
@Index(['startDate'])
@Index(['eventId'])
@Index(['jobOfferId'])
// Partial (hired, at risk, not ended), for the indicators: migration 1797200000400.
@Index('placements_at_risk_idx', { synchronize: false })
export class Placement extends Versioned {
  @Column('uuid')
  youngPersonId: string;

  @ManyToOne(() => YoungPerson, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'young_person_id', foreignKeyConstraintName: 'placements_young_person_fk' })
  youngPerson?: Relation<YoungPerson>;

  @Column('uuid')
  employerId: string;

  @ManyToOne(() => Employer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'placements_employer_fk' })
  employer?: Relation<Employer>;

  @Column('uuid', { nullable: true })
  jobOfferId: string | null;

  @ManyToOne(() => JobOffer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'job_offer_id', foreignKeyConstraintName: 'placements_job_offer_fk' })
  jobOffer?: Relation<JobOffer>;

  @Column('uuid', { nullable: true })
  eventId: string | null;

  @ManyToOne(() => Event, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'placements_event_fk' })
  event?: Relation<Event>;

  @Column('uuid', { nullable: true })
  adviserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'adviser_id', foreignKeyConstraintName: 'placements_adviser_fk' })
  adviser?: Relation<User>;

  @Column({
    type: 'enum',
    enum: PLACEMENT_STATUSES,
    enumName: 'placement_status',
    default: 'proposed',
  })
  status: PlacementStatus;

  @Column({ type: 'enum', enum: CONTRACT_TYPES, enumName: 'contract_type', nullable: true })
  contractType: ContractType | null;

  @Column('date', { nullable: true })
  startDate: string | null;

  @Column('date', { nullable: true })
  endDate: string | null;

  @Column('numeric', { precision: 4, scale: 1, nullable: true })
  weeklyHours: number | null;

  @Column('date', { nullable: true })
  trialPeriodEndDate: string | null;

  @Column({ type: 'enum', enum: OUTCOMES, enumName: 'placement_outcome', nullable: true })
  outcome: Outcome | null;

  @Column('boolean', { default: false })
  atRisk: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  hiredAt: Date | null;

  // The follow-up plan version the schedule was generated from.
  @Column('int', { nullable: true })
  planVersion: number | null;

  @Column('date', { nullable: true })
  ruptureDate: string | null;

  @Column({
    type: 'enum',
    enum: RUPTURE_INITIATIVES,
    enumName: 'rupture_initiative',
    nullable: true,
  })
  ruptureInitiative: RuptureInitiative | null;

  @Column('text', { nullable: true })
  ruptureReason: string | null;

  @Column('boolean', { nullable: true })
  ruptureInTrialPeriod: boolean | null;

  @Column('date', { nullable: true })
  completedOn: string | null;
}
