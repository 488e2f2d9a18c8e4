import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { Timestamped } from '../database/base.entity.js';

/** `sending`: claimed by a worker, SMTP exchange under way (ADR 1613). */
export const EMAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The outbox: written in the business transaction, then sent by a `mail` job. */
@Entity('outbound_emails')
@Index('outbound_emails_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('outbound_emails_pending_idx', ['createdAt'], { where: "status = 'pending'" })
@Index('outbound_emails_claimed_idx', ['claimedAt'], { where: 'claim_token IS NOT NULL' })
@Index(['template', 'status'])
export class OutboundEmail extends Timestamped {
  @Column('text')
  idempotencyKey: string;

  @Column('text')
  recipient: string;

  @Column('text')
  template: string;

  // Rendering parameters; purged with the body after the retention period.
  @Column('jsonb', { nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'enum', enum: EMAIL_STATUSES, enumName: 'email_status', default: 'pending' })
  status: EmailStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('text')
  messageId: string;

  // Set while the row is `sending`: the claim of one delivery, checked when it records (ADR 1613).
  @Column('uuid', { nullable: true })
  claimToken: string | null;

  // When the row was last claimed; a `sending` row older than the lease is claimed again.
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  claimedAt: Date | null;

  @Column('text', { nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  // Set when bodies/params are purged; who/when/template stay.
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  purgedAt: Date | null;

  // The business record this mail is about (a survey invitation, an adviser...).
  @Column('text', { nullable: true })
  subjectType: string | null;

  @Column('uuid', { nullable: true })
  subjectId: string | null;
}

/** Addresses that hard-bounced (SMTP 5xx): never mailed again until corrected. */
@Entity('suppressed_addresses')
export class SuppressedAddress {
  // Lower-cased address.
  @PrimaryColumn('text')
  email: string;

  @Column('text')
  reason: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
