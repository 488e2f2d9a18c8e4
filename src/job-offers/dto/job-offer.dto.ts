import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../../common/validation.js';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isIsoDate } from '../../common/clock.js';
import { PageQuery } from '../../common/pagination.js';
import { CONTRACT_TYPES, type ContractType } from '../../common/vocabulary.js';
import {
  OFFER_STATUSES,
  WORKING_TIMES,
  type OfferStatus,
  type WorkingTime,
} from '../job-offer.entity.js';
import { REQUESTABLE_STATUSES, type RequestableStatus } from '../job-offer-transitions.js';
import { isInstant } from '../../common/instant.js';
import { MAX_WEEKLY_HOURS } from '../job-offer-rules.js';

@ValidatorConstraint({ name: 'isoDate' })
class IsoDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDate(value);
  }
  defaultMessage(): string {
    return 'must be a date YYYY-MM-DD';
  }
}

@ValidatorConstraint({ name: 'instant' })
class InstantConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isInstant(value);
  }
  defaultMessage(): string {
    return 'must be an ISO 8601 timestamp with an offset, e.g. 2026-06-30T23:59:59+02:00';
  }
}

export class LocationInput {
  @ApiProperty({ example: '25056', description: 'INSEE code of the commune' })
  @IsString()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'inseeCode must be a 5-character INSEE code' })
  inseeCode: string;

  @ApiPropertyOptional({
    example: '25000',
    description: 'required when the commune has several postal codes',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode?: string;
}

export class CreateJobOfferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  employerId: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'G1603', description: 'ROME code: a letter A–N and 4 digits' })
  @IsString()
  @Matches(/^[A-N]\d{4}$/, { message: 'romeCode must be a letter A–N followed by 4 digits' })
  romeCode: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(10000)
  description: string;

  @ApiProperty({ enum: CONTRACT_TYPES })
  @IsIn(CONTRACT_TYPES)
  contractType: ContractType;

  @ApiPropertyOptional({ enum: WORKING_TIMES, default: 'full_time' })
  @IsOptional()
  @IsIn(WORKING_TIMES)
  workingTime?: WorkingTime;

  @ApiPropertyOptional({ maximum: MAX_WEEKLY_HOURS, nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(MAX_WEEKLY_HOURS)
  weeklyHours?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 999, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  positions?: number;

  @ApiPropertyOptional({ type: String, example: '2026-09-01', nullable: true })
  @IsOptional()
  @Validate(IsoDateConstraint)
  startDate?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2026-06-30T23:59:59+02:00',
    nullable: true,
    description: 'when the offer expires; defaults to 60 days after publication',
  })
  @IsOptional()
  @Validate(InstantConstraint)
  expiresAt?: string | null;

  @ApiProperty({ type: LocationInput })
  @IsObject()
  @ValidateNested()
  @Type(() => LocationInput)
  location: LocationInput;

  @ApiPropertyOptional({ format: 'uuid', description: 'collecting adviser; defaults to you' })
  @IsOptional()
  @IsUUID()
  adviserId?: string;
}

export class UpdateJobOfferDto {
  @ApiProperty({ description: 'optimistic lock: the version you read' })
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: 'G1603' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-N]\d{4}$/, { message: 'romeCode must be a letter A–N followed by 4 digits' })
  romeCode?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ enum: CONTRACT_TYPES })
  @OptionalNotNull()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;

  @ApiPropertyOptional({ enum: WORKING_TIMES })
  @OptionalNotNull()
  @IsIn(WORKING_TIMES)
  workingTime?: WorkingTime;

  @ApiPropertyOptional({ maximum: MAX_WEEKLY_HOURS, nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(MAX_WEEKLY_HOURS)
  weeklyHours?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 999 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(999)
  positions?: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Validate(IsoDateConstraint)
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Validate(InstantConstraint)
  expiresAt?: string | null;

  @ApiPropertyOptional({ type: LocationInput })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  adviserId?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: REQUESTABLE_STATUSES })
  @IsIn(REQUESTABLE_STATUSES)
  to: RequestableStatus;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @OptionalNotNull()
  @IsInt()
  version?: number;
}

export class JobOfferQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional({ enum: CONTRACT_TYPES })
  @IsOptional()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;

  @ApiPropertyOptional({ example: 'G1603' })
  @IsOptional()
  @Matches(/^[A-N]\d{4}$/, { message: 'romeCode must be a letter A–N followed by 4 digits' })
  romeCode?: string;

  @ApiPropertyOptional({ example: '25056' })
  @IsOptional()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'inseeCode must be a 5-character INSEE code' })
  inseeCode?: string;

  @ApiPropertyOptional({ example: '242500361', description: 'SIREN of the EPCI' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epci must be a 9-digit EPCI code' })
  epci?: string;
}

export class LocationResponse {
  @ApiProperty() inseeCode: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
}

export class JobOfferResponse {
  @ApiProperty() id: string;
  @ApiProperty() employerId: string;
  @ApiProperty() title: string;
  @ApiProperty() romeCode: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CONTRACT_TYPES }) contractType: ContractType;
  @ApiProperty({ enum: WORKING_TIMES }) workingTime: WorkingTime;
  @ApiProperty({ nullable: true, type: Number }) weeklyHours: number | null;
  @ApiProperty() positions: number;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ type: LocationResponse }) location: LocationResponse;
  @ApiProperty({ nullable: true, type: String }) epciCode: string | null;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) adviserId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
