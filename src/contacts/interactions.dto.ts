import { applyDecorators } from '@nestjs/common';
import { OptionalNotNull } from '../common/validation.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import {
  DIRECTIONS,
  INTERACTION_TYPES,
  NEEDS,
  type Direction,
  type Interaction,
  type InteractionType,
  type Need,
} from './interaction.entity.js';

/** A full timestamp with its offset: a local time without one would be read in the server's zone. */
const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, {
      message: ({ property }) => `${property} must be a timestamp with a time zone offset`,
    }),
  );

/** A calendar date (YYYY-MM-DD) or a timestamp with its offset. */
const IsDateOrInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/, {
      message: ({ property }) => `${property} must be a date or a timestamp with an offset`,
    }),
  );

export class CreateInteractionDto {
  @ApiProperty({ enum: INTERACTION_TYPES })
  @IsIn(INTERACTION_TYPES)
  type: InteractionType;

  @ApiProperty({ enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiProperty({ example: '2026-11-26T10:30:00+01:00', description: 'not in the future' })
  @IsInstant()
  occurredAt: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  subject: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string | null;

  @ApiPropertyOptional({ enum: NEEDS, isArray: true })
  @OptionalNotNull()
  @ArrayMaxSize(NEEDS.length)
  @IsIn(NEEDS, { each: true })
  needs?: Need[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'a contact person of the same employer',
  })
  @IsOptional()
  @IsUUID()
  contactPersonId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsInstant()
  nextActionAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Rappeler la DRH' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  nextAction?: string | null;
}

export class UpdateInteractionDto {
  @ApiPropertyOptional({ enum: INTERACTION_TYPES })
  @OptionalNotNull()
  @IsIn(INTERACTION_TYPES)
  type?: InteractionType;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @OptionalNotNull()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsInstant()
  occurredAt?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string | null;

  @ApiPropertyOptional({ enum: NEEDS, isArray: true })
  @OptionalNotNull()
  @ArrayMaxSize(NEEDS.length)
  @IsIn(NEEDS, { each: true })
  needs?: Need[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUUID()
  contactPersonId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsInstant()
  nextActionAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  nextAction?: string | null;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class InteractionListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  authorId?: string;

  @ApiPropertyOptional({ enum: INTERACTION_TYPES })
  @IsOptional()
  @IsIn(INTERACTION_TYPES)
  type?: InteractionType;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @ApiPropertyOptional({ description: 'occurred at or after (date or instant)' })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'occurred before (date or instant)' })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}

export class InteractionResponse {
  @ApiProperty() id: string;
  @ApiProperty() employerId: string;
  @ApiProperty({ nullable: true, type: String }) contactPersonId: string | null;
  @ApiProperty() authorId: string;
  @ApiProperty({ enum: INTERACTION_TYPES }) type: InteractionType;
  @ApiProperty({ enum: DIRECTIONS }) direction: Direction;
  @ApiProperty() occurredAt: string;
  @ApiProperty() subject: string;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ enum: NEEDS, isArray: true }) needs: Need[];
  @ApiProperty({ nullable: true, type: String }) nextActionAt: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAction: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toInteractionResponse(i: Interaction): InteractionResponse {
  return {
    id: i.id,
    employerId: i.employerId,
    contactPersonId: i.contactPersonId,
    authorId: i.authorId,
    type: i.type,
    direction: i.direction,
    occurredAt: i.occurredAt.toISOString(),
    subject: i.subject,
    summary: i.summary,
    needs: i.needs,
    nextActionAt: i.nextActionAt ? i.nextActionAt.toISOString() : null,
    nextAction: i.nextAction,
    eventId: i.eventId,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
