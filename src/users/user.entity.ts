import { Column, Entity, Index } from 'typeorm';
import { ROLES, type Role } from '../common/vocabulary.js';
import { Versioned } from '../database/base.entity.js';

@Entity('users')
@Index('users_email_lower_key', { synchronize: false })
export class User extends Versioned {
  // Unique case-insensitively through the expression index users_email_lower_key (migration).
  @Column('text')
  email: string;

  @Column('text')
  displayName: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role: Role;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('text', { select: false })
  passwordHash: string;

  /**
   * Tokens and web sessions issued before this instant are refused (password change,
   * deactivation, reactivation; ADR 1420). Wall clock, millisecond precision.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  tokensValidAfter: Date | null;
}
