import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { Placement } from '../placements/placement.entity.js';

export const WITH_WHOM = ['young_person', 'employer', 'both'] as const;
export type WithWhom = (typeof WITH_WHOM)[number];
export const CHANNELS = ['visit', 'phone', 'email', 'video', 'meeting', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const FOLLOW_UP_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const RISKS = ['none', 'watch', 'high'] as const;
export type Risk = (typeof RISKS)[number];

@Entity('follow_ups')
@Index(['placementId', 'dueDate'])
@Index(['status', 'dueDate'])
@Index('follow_ups_planned_idx', { synchronize: false })
export class FollowUp extends Versioned {
  @Column('uuid')
  placementId: string;

  @ManyToOne(() => Placement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'placement_id' })
  placement?: Relation<Placement>;

  @Column('date')
  dueDate: string;

  // The plan step that generated it, or 'ad_hoc' / 'debrief' / 'risk_check'.
  @Column('text')
  stepKey: string;

  @Column({ type: 'enum', enum: WITH_WHOM, enumName: 'follow_up_with_whom', default: 'both' })
  withWhom: WithWhom;

  @Column({ type: 'enum', enum: CHANNELS, enumName: 'follow_up_channel', nullable: true })
  channel: Channel | null;

  @Column({
    type: 'enum',
    enum: FOLLOW_UP_STATUSES,
    enumName: 'follow_up_status',
    default: 'planned',
  })
  status: FollowUpStatus;

  @Column('date', { nullable: true })
  doneOn: string | null;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column({ type: 'enum', enum: RISKS, enumName: 'follow_up_risk', nullable: true })
  risk: Risk | null;

  // iCalendar SEQUENCE: bumped whenever the date or status changes.
  @Column('int', { default: 0 })
  sequence: number;
}
