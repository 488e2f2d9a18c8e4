import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsCalendarDate } from '../common/calendar-date.validator.js';
import {
  CHANNELS,
  FOLLOW_UP_STATUSES,
  RISKS,
  WITH_WHOM,
  type Channel,
  type FollowUp,
  type FollowUpStatus,
  type Risk,
  type WithWhom,
} from './follow-up.entity.js';

export class FollowUpResponse {
  @ApiProperty() id: string;
  @ApiProperty() placementId: string;
  @ApiProperty({ example: '2026-12-01' }) dueDate: string;
  @ApiProperty({ description: "plan step key, or 'ad_hoc', 'debrief', 'risk_check'" })
  stepKey: string;
  @ApiProperty({ enum: WITH_WHOM }) withWhom: WithWhom;
  @ApiProperty({ enum: CHANNELS, nullable: true }) channel: Channel | null;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'outcome notes' })
  outcome: string | null;
  @ApiProperty({ enum: RISKS, nullable: true }) risk: Risk | null;
  @ApiProperty() version: number;
}

export function toFollowUpResponse(f: FollowUp): FollowUpResponse {
  return {
    id: f.id,
    placementId: f.placementId,
    dueDate: f.dueDate,
    stepKey: f.stepKey,
    withWhom: f.withWhom,
    channel: f.channel,
    status: f.status,
    doneOn: f.doneOn,
    outcome: f.outcome,
    risk: f.risk,
    version: f.version,
  };
}

/** Audit snapshot: free-text notes may quote a person, so only the fact they changed is kept. */
export function followUpAuditSnapshot(f: FollowUp): Record<string, unknown> {
  const { outcome: _omitted, ...rest } = toFollowUpResponse(f);
  return { ...rest, sequence: f.sequence };
}

export class FollowUpsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "a user id, or 'me'" })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'me')
  @IsUUID()
  adviserId?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;

  @ApiPropertyOptional({ description: 'planned and due before today' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  placementId?: string;
}

export class CreateFollowUpDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({ enum: WITH_WHOM, default: 'both' })
  @IsOptional()
  @IsIn(WITH_WHOM)
  withWhom?: WithWhom;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}

export class UpdateFollowUpDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'reschedule' })
  @OptionalNotNull()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ enum: WITH_WHOM })
  @OptionalNotNull()
  @IsIn(WITH_WHOM)
  withWhom?: WithWhom;

  @ApiPropertyOptional({ enum: CHANNELS, nullable: true })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel | null;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class CompleteFollowUpDto {
  @ApiProperty({ example: '2026-12-01', description: 'the day it took place (not in the future)' })
  @IsCalendarDate()
  doneOn: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: RISKS, description: 'high marks the placement at risk' })
  @IsIn(RISKS)
  risk: Risk;

  @ApiPropertyOptional({ description: 'outcome notes' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  outcome?: string;

  @ApiPropertyOptional({ enum: WITH_WHOM, description: 'who was actually met' })
  @IsOptional()
  @IsIn(WITH_WHOM)
  withWhom?: WithWhom;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}
