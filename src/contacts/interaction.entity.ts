import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { Employer } from '../employers/employer.entity.js';
import { User } from '../users/user.entity.js';
import { ContactPerson } from './contact-person.entity.js';

export const INTERACTION_TYPES = ['visit', 'phone', 'email', 'meeting', 'event', 'other'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
export const DIRECTIONS = ['outbound', 'inbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const NEEDS = [
  'recruitment',
  'training',
  'follow_up',
  'information',
  'apprenticeship',
  'immersion',
  'other',
] as const;
export type Need = (typeof NEEDS)[number];

@Entity('interactions')
@Index(['employerId', 'occurredAt'])
@Index(['authorId', 'occurredAt'])
// By date, with the columns the indicators read (migration 1797200000900): an index-only scan.
@Index('interactions_period_idx', { synchronize: false })
@Index('interactions_next_action_idx', ['authorId', 'nextActionAt'], {
  where: 'next_action_at IS NOT NULL',
})
export class Interaction extends Versioned {
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => Employer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<Employer>;

  @Column('uuid', { nullable: true })
  contactPersonId: string | null;

  @ManyToOne(() => ContactPerson, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_person_id' })
  contactPerson?: Relation<ContactPerson>;

  @Column('uuid')
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @Column({ type: 'enum', enum: INTERACTION_TYPES, enumName: 'interaction_type' })
  type: InteractionType;

  @Column({ type: 'enum', enum: DIRECTIONS, enumName: 'interaction_direction' })
  direction: Direction;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column('text')
  subject: string;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  needs: Need[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  nextActionAt: Date | null;

  @Column('text', { nullable: true })
  nextAction: string | null;

  // Set by events: the interaction an event participation logged.
  @Column('uuid', { nullable: true })
  eventId: string | null;
}
