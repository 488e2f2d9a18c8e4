import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { IsCalendarDate } from '../common/calendar-date.validator.js';
import { FollowUpResponse } from '../follow-ups/follow-ups.dto.js';
import {
  OUTCOMES,
  PLACEMENT_STATUSES,
  RUPTURE_INITIATIVES,
  type Outcome,
  type Placement,
  type PlacementStatus,
  type RuptureInitiative,
} from './placement.entity.js';

export class RuptureResponse {
  @ApiProperty() date: string;
  @ApiProperty({ enum: RUPTURE_INITIATIVES }) initiative: RuptureInitiative;
  @ApiProperty() reason: string;
  @ApiProperty() inTrialPeriod: boolean;
}

export class PlacementResponse {
  @ApiProperty() id: string;
  @ApiProperty() youngPersonId: string;
  @ApiProperty() employerId: string;
  @ApiProperty({ nullable: true, type: String }) jobOfferId: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String }) adviserId: string | null;
  @ApiProperty({ enum: PLACEMENT_STATUSES }) status: PlacementStatus;
  @ApiProperty({ enum: CONTRACT_TYPES, nullable: true }) contractType: ContractType | null;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String }) endDate: string | null;
  @ApiProperty({ nullable: true, type: Number }) weeklyHours: number | null;
  @ApiProperty({ nullable: true, type: String }) trialPeriodEndDate: string | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
  @ApiProperty() atRisk: boolean;
  @ApiProperty({ type: RuptureResponse, nullable: true }) rupture: RuptureResponse | null;
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'follow-up plan version used' })
  planVersion: number | null;
  @ApiProperty({ nullable: true, type: String }) hiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class PlacementWithFollowUps extends PlacementResponse {
  @ApiProperty({ type: [FollowUpResponse] }) followUps: FollowUpResponse[];
}

export function toPlacementResponse(p: Placement): PlacementResponse {
  return {
    id: p.id,
    youngPersonId: p.youngPersonId,
    employerId: p.employerId,
    jobOfferId: p.jobOfferId,
    eventId: p.eventId,
    adviserId: p.adviserId,
    status: p.status,
    contractType: p.contractType,
    startDate: p.startDate,
    endDate: p.endDate,
    weeklyHours: p.weeklyHours === null ? null : Number(p.weeklyHours),
    trialPeriodEndDate: p.trialPeriodEndDate,
    outcome: p.outcome,
    atRisk: p.atRisk,
    rupture:
      p.ruptureDate && p.ruptureInitiative
        ? {
            date: p.ruptureDate,
            initiative: p.ruptureInitiative,
            reason: p.ruptureReason ?? '',
            inTrialPeriod: p.ruptureInTrialPeriod ?? false,
          }
        : null,
    completedOn: p.completedOn,
    planVersion: p.planVersion,
    hiredAt: p.hiredAt?.toISOString() ?? null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Audit snapshot: flat fields, and the free-text rupture reason named only (it may quote people). */
export function placementAuditSnapshot(p: Placement): Record<string, unknown> {
  const { rupture, createdAt: _c, updatedAt: _u, ...rest } = toPlacementResponse(p);
  return {
    ...rest,
    ruptureDate: rupture?.date ?? null,
    ruptureInitiative: rupture?.initiative ?? null,
    ruptureInTrialPeriod: rupture?.inTrialPeriod ?? null,
  };
}

export class CreatePlacementDto {
  @ApiProperty()
  @IsUUID()
  youngPersonId: string;

  @ApiProperty()
  @IsUUID()
  employerId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  jobOfferId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'defaults to the caller' })
  @IsOptional()
  @IsUUID()
  adviserId?: string;

  @ApiPropertyOptional({ enum: ['proposed', 'interview'], default: 'proposed' })
  @IsOptional()
  @IsIn(['proposed', 'interview'])
  status?: 'proposed' | 'interview';
}

export class UpdatePlacementDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  adviserId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  jobOfferId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  eventId?: string | null;

  @ApiPropertyOptional({
    enum: PLACEMENT_STATUSES,
    description: 'interview, declined or withdrawn; hiring is POST /placements/:id/hire (409 here)',
  })
  @OptionalNotNull()
  @IsIn(PLACEMENT_STATUSES)
  status?: PlacementStatus;

  @ApiPropertyOptional({ description: 'hired placements: regenerates the planned follow-ups' })
  @OptionalNotNull()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'null: back to the default for the contract type',
  })
  @IsOptional()
  @IsCalendarDate()
  trialPeriodEndDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(60)
  weeklyHours?: number | null;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class HireDto {
  @ApiProperty({ enum: CONTRACT_TYPES })
  @IsIn(CONTRACT_TYPES)
  contractType: ContractType;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({ description: 'required for fixed-term contracts, after startDate' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({ example: 35 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(60)
  weeklyHours?: number;

  @ApiPropertyOptional({ description: 'computed from the contract type when absent' })
  @IsOptional()
  @IsCalendarDate()
  trialPeriodEndDate?: string;
}

export class RuptureDto {
  @ApiProperty({ example: '2026-12-15', description: 'within the contract' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: RUPTURE_INITIATIVES })
  @IsIn(RUPTURE_INITIATIVES)
  initiative: RuptureInitiative;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class CompletePlacementDto {
  @ApiPropertyOptional({ description: 'defaults to the contract end, or today when none' })
  @IsOptional()
  @IsCalendarDate()
  completedOn?: string;
}

const bool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class PlacementsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PLACEMENT_STATUSES })
  @IsOptional()
  @IsIn(PLACEMENT_STATUSES)
  status?: PlacementStatus;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: Outcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  youngPersonId?: string;

  @ApiPropertyOptional({ description: "a user id, or 'me'" })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'me')
  @IsUUID()
  adviserId?: string;

  @ApiPropertyOptional({ enum: CONTRACT_TYPES })
  @IsOptional()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'atRisk must be true or false' })
  atRisk?: boolean;
}
