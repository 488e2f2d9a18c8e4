import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NAF_VERSIONS, type NafVersion } from '../reference/naf.js';

/** An active employer establishment of the territory, as INSEE's SIRENE files describe it. */
@Entity('prospects')
@Index('IDX_prospects_epci_code', ['epciCode'])
@Index('IDX_prospects_insee_code', ['inseeCode'])
export class Prospect {
  @PrimaryColumn('char', { length: 14, primaryKeyConstraintName: 'PK_prospects_siret' })
  siret: string;

  @Column('char', { length: 9 })
  siren: string;

  // Company name, or first name and surname of an individual entrepreneur; null when not diffusible.
  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { nullable: true })
  tradeName: string | null;

  @Column('varchar', { length: 6, nullable: true })
  nafCode: string | null;

  @Column({ type: 'enum', enum: NAF_VERSIONS, enumName: 'naf_version', default: 'rev2' })
  nafVersion: NafVersion;

  @Column('varchar', { length: 2, nullable: true })
  headcountBand: string | null;

  @Column('text', { nullable: true })
  street: string | null;

  @Column('varchar', { length: 5, nullable: true })
  postalCode: string | null;

  @Column('varchar', { length: 5 })
  inseeCode: string;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('varchar', { length: 9 })
  epciCode: string;

  @Column('text')
  epciName: string;

  // SIRENE's dateCreationEtablissement.
  @Column('date', { nullable: true })
  createdOn: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt: Date;
}
