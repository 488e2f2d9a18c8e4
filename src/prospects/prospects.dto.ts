import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { HEADCOUNT_BANDS } from '../employers/employer-rules.js';
import { NAF_VERSIONS, type NafVersion } from '../reference/naf.js';
import type { Prospect } from './prospect.entity.js';
import { NafSectionFilter } from '../common/naf-section-filter.js';

export class ProspectListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'EPCI SIREN code', example: '242500361' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'must be the 9-digit SIREN of an EPCI' })
  epci?: string;

  @ApiPropertyOptional({ example: '25056' })
  @IsOptional()
  @Matches(/^\d[\dAB]\d{3}$/, { message: 'must be an INSEE commune code' })
  inseeCode?: string;

  @NafSectionFilter()
  nafSection?: string;

  @ApiPropertyOptional({ enum: HEADCOUNT_BANDS })
  @IsOptional()
  @IsIn(HEADCOUNT_BANDS)
  headcountBand?: string;

  @ApiPropertyOptional({ description: 'name, trade name or SIRET' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

class ProspectAddress {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty() inseeCode: string;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
}

class ProspectEpci {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ProspectResponse {
  @ApiProperty() siret: string;
  @ApiProperty() siren: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) tradeName: string | null;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, enum: NAF_VERSIONS }) nafVersion: NafVersion | null;
  @ApiProperty({ nullable: true, type: String }) headcountBand: string | null;
  @ApiProperty({ type: ProspectAddress }) address: ProspectAddress;
  @ApiProperty({ type: ProspectEpci }) epci: ProspectEpci;
  @ApiProperty({ nullable: true, type: String }) createdOn: string | null;
  @ApiProperty() updatedAt: string;
}

export function toProspectResponse(p: Prospect): ProspectResponse {
  return {
    siret: p.siret,
    siren: p.siren,
    name: p.name,
    tradeName: p.tradeName,
    nafCode: p.nafCode,
    nafVersion: p.nafCode ? p.nafVersion : null,
    headcountBand: p.headcountBand,
    address: { street: p.street, postalCode: p.postalCode, inseeCode: p.inseeCode, city: p.city },
    epci: { code: p.epciCode, name: p.epciName },
    createdOn: p.createdOn,
    updatedAt: p.updatedAt.toISOString(),
  };
}
