import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Timestamped } from '../database/base.entity.js';
import { Employer } from '../employers/employer.entity.js';
import { ContactPerson } from '../contacts/contact-person.entity.js';
import { SurveyCampaign } from './survey-campaign.entity.js';

/** One per (campaign, employer); the token is only ever stored as its SHA-256. */
@Entity('survey_invitations')
@Index('survey_invitations_campaign_employer_key', ['campaignId', 'employerId'], { unique: true })
@Index('survey_invitations_token_hash_key', ['tokenHash'], { unique: true })
@Index(['employerId'])
export class SurveyInvitation extends Timestamped {
  @Column('uuid')
  campaignId: string;

  @ManyToOne(() => SurveyCampaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<SurveyCampaign>;

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

  // The address invited, kept so a fresh link goes only there.
  @Column('text')
  email: string;

  @Column('bytea')
  tokenHash: Buffer;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  optedOutAt: Date | null;
}
