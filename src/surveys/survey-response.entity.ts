import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Timestamped } from '../database/base.entity.js';
import { SurveyInvitation } from './survey-invitation.entity.js';

@Entity('survey_responses')
@Index('survey_responses_invitation_key', ['invitationId'], { unique: true })
export class SurveyResponse extends Timestamped {
  @Column('uuid')
  invitationId: string;

  @OneToOne(() => SurveyInvitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Relation<SurveyInvitation>;

  @Column({ type: 'timestamptz', precision: 3 })
  submittedAt: Date;
}

/** One row per answer, so a new question never needs a migration. */
@Entity('survey_answers')
export class SurveyAnswer {
  @PrimaryColumn('uuid')
  responseId: string;

  @ManyToOne(() => SurveyResponse, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'response_id' })
  response?: Relation<SurveyResponse>;

  @PrimaryColumn('text')
  questionKey: string;

  @Column('jsonb')
  value: unknown;
}
