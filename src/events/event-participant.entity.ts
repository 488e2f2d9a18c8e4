import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Employer } from '../employers/employer.entity.js';
import { YoungPerson } from '../young-people/young-person.entity.js';
import { Event } from './event.entity.js';

export const ATTENDANCE = ['registered', 'attended', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

@Entity('event_employers')
@Index(['employerId'])
export class EventEmployer {
  @PrimaryColumn('uuid')
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<Event>;

  @PrimaryColumn('uuid')
  employerId: string;

  @ManyToOne(() => Employer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<Employer>;

  // The offers the employer brings to the event.
  @Column('uuid', { array: true, default: () => "'{}'" })
  jobOfferIds: string[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

@Entity('event_young_people')
@Index(['youngPersonId'])
export class EventYoungPerson {
  @PrimaryColumn('uuid')
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<Event>;

  @PrimaryColumn('uuid')
  youngPersonId: string;

  @ManyToOne(() => YoungPerson, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'young_person_id' })
  youngPerson?: Relation<YoungPerson>;

  @Column({ type: 'enum', enum: ATTENDANCE, enumName: 'event_attendance', default: 'registered' })
  attendance: Attendance;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
