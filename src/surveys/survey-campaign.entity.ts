import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../database/base.entity.js';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity('survey_campaigns')
@Index('survey_campaigns_year_key', ['year'], { unique: true })
export class SurveyCampaign extends Versioned {
  @Column('int')
  year: number;

  @Column({ type: 'enum', enum: CAMPAIGN_STATUSES, enumName: 'campaign_status', default: 'draft' })
  status: CampaignStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  launchedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closesAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column('int', { array: true, default: () => "'{7,14}'" })
  reminderDays: number[];

  @Column('int', { default: 30 })
  durationDays: number;
}
