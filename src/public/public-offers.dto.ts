import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { WORKING_TIMES, type WorkingTime } from '../job-offers/job-offer.entity.js';

export class PublicOfferQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONTRACT_TYPES })
  @IsOptional()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;

  @ApiPropertyOptional({ example: '25056', description: 'INSEE code of the commune' })
  @IsOptional()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'inseeCode must be a 5-character INSEE code' })
  inseeCode?: string;

  @ApiPropertyOptional({ example: 'G', description: 'ROME domain: a letter A–N' })
  @IsOptional()
  @Matches(/^[A-N]$/, { message: 'romeLetter must be one letter from A to N' })
  romeLetter?: string;
}

class PublicLocation {
  @ApiProperty() inseeCode: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
}

class PublicEmployer {
  @ApiProperty({ description: 'trade name, else legal name' }) name: string;
}

export class PublicJobOfferResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() romeCode: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CONTRACT_TYPES }) contractType: ContractType;
  @ApiProperty({ enum: WORKING_TIMES }) workingTime: WorkingTime;
  @ApiProperty({ nullable: true, type: Number }) weeklyHours: number | null;
  @ApiProperty() positions: number;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ type: PublicLocation }) location: PublicLocation;
  @ApiProperty({ type: PublicEmployer }) employer: PublicEmployer;
  @ApiProperty({ description: 'the offer’s public HTML page' }) url: string;
}

export class PublicJobOfferPage {
  @ApiProperty({ type: [PublicJobOfferResponse] }) items: PublicJobOfferResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
