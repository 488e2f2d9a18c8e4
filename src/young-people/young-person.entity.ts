import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Versioned } from '../database/base.entity.js';
import { User } from '../users/user.entity.js';

@Entity('young_people')
@Index('young_people_external_id_key', ['externalId'], { unique: true })
@Index(['referentId'])
@Index('young_people_name_trgm_idx', { synchronize: false })
export class YoungPerson extends Versioned {
  @Column('text', { nullable: true })
  externalId: string | null;

  @Column('text')
  firstName: string;

  @Column('text')
  lastName: string;

  @Column('date', { nullable: true })
  birthDate: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('uuid', { nullable: true })
  referentId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'referent_id' })
  referent?: Relation<User>;

  // RGPD erase: identity anonymised, placements and follow-ups kept for statistics.
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  erasedAt: Date | null;
}
