import {
  CreateDateColumn,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { SurveyInvitation } from './survey-invitation.entity.js';

/** One per mailing (invitation, reminder, renewed link): only the SHA-256 of the token is kept. */
@Entity('survey_tokens')
@Index('IDX_survey_tokens_invitation_id', ['invitationId'])
export class SurveyToken {
  @PrimaryColumn('bytea', { primaryKeyConstraintName: 'PK_survey_tokens_token_hash' })
  tokenHash: Buffer;

  @Column('uuid')
  invitationId: string;

  @ManyToOne(() => SurveyInvitation, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'invitation_id',
    foreignKeyConstraintName: 'FK_survey_tokens_invitation_id',
  })
  invitation?: Relation<SurveyInvitation>;

  // invite | reminder-<day> | renew | lost
  @Column('text')
  purpose: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
