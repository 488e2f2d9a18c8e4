import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { Employer } from '../employers/employer.entity.js';

@Entity('contact_persons')
@Index(['employerId'])
// At most one primary contact per employer.
@Index('contact_persons_one_primary_key', ['employerId'], { unique: true, where: 'is_primary' })
export class ContactPerson extends Versioned {
  @Column('uuid')
  employerId: string;

  @ManyToOne(() => Employer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id' })
  employer?: Relation<Employer>;

  @Column('text', { nullable: true })
  firstName: string | null;

  @Column('text', { nullable: true })
  lastName: string | null;

  @Column('text', { nullable: true })
  jobTitle: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('boolean', { default: false })
  isPrimary: boolean;

  @Column('boolean', { default: false })
  surveyRecipient: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  optedOutAt: Date | null;

  // RGPD erase: identity wiped, row kept so interactions keep their link.
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  erasedAt: Date | null;
}
