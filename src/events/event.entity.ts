import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { User } from '../users/user.entity.js';

export const EVENT_TYPES = [
  'job_dating',
  'forum',
  'company_visit',
  'info_session',
  'workshop',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

@Entity('events')
@Index(['startsAt'])
export class Event extends Versioned {
  @Column('text')
  title: string;

  @Column({ type: 'enum', enum: EVENT_TYPES, enumName: 'event_type' })
  type: EventType;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column('varchar', { length: 5, nullable: true })
  inseeCode: string | null;

  @Column('text', { nullable: true })
  placeLabel: string | null;

  @Column('int', { nullable: true })
  capacity: number | null;

  @Column('uuid', { nullable: true })
  organiserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organiser_id' })
  organiser?: Relation<User>;
}
