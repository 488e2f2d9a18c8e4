import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { INSTANT } from '../common/instant.js';
import { PageQuery } from '../common/pagination.js';
import { ATTENDANCE, type Attendance } from './event-participant.entity.js';
import { EVENT_TYPES, type EventType } from './event.entity.js';

export class PlaceDto {
  @ApiPropertyOptional({ type: String, example: '25056', description: 'INSEE code of the commune' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'inseeCode must be a 5-character INSEE code' })
  inseeCode?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Salle Proudhon, Mission Locale' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  label?: string | null;
}

export class CreateEventDto {
  @ApiProperty({ example: 'Job dating restauration' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  type: EventType;

  @ApiProperty({ example: '2026-03-12T09:30:00+01:00' })
  @IsString()
  @Matches(INSTANT, { message: 'startsAt must be an ISO 8601 timestamp with an offset' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({ type: PlaceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceDto)
  place?: PlaceDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000, description: 'places for young people' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number | null;
}

export class UpdateEventDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @OptionalNotNull()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Matches(INSTANT, { message: 'startsAt must be an ISO 8601 timestamp with an offset' })
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ type: PlaceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceDto)
  place?: PlaceDto;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class EventEmployerInput {
  @ApiProperty()
  @IsUUID()
  employerId: string;

  @ApiPropertyOptional({ type: [String], description: 'offers the employer brings (its own)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  jobOfferIds?: string[];
}

export class EventYoungPersonInput {
  @ApiProperty()
  @IsUUID()
  youngPersonId: string;

  @ApiPropertyOptional({ enum: ATTENDANCE, default: 'registered' })
  @IsOptional()
  @IsIn(ATTENDANCE)
  attendance?: Attendance;
}

export class AddParticipantsDto {
  @ApiPropertyOptional({ type: [EventEmployerInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EventEmployerInput)
  employers?: EventEmployerInput[];

  @ApiPropertyOptional({ type: [EventYoungPersonInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => EventYoungPersonInput)
  youngPeople?: EventYoungPersonInput[];
}

export class EventListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day (inclusive), local time' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day (inclusive), local time' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: 'by start: next first (asc), or the most recent first (desc, for past events)',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class EventPlaceResponse {
  @ApiProperty({ nullable: true, type: String }) inseeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
}

export class EventJobOfferResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() contractType: string;
  @ApiProperty() positions: number;
  @ApiProperty() status: string;
}

export class EventEmployerResponse {
  @ApiProperty() employerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) jobOfferIds: string[];
  @ApiProperty({ type: [EventJobOfferResponse] }) jobOffers: EventJobOfferResponse[];
}

export class EventYoungPersonResponse {
  @ApiProperty() youngPersonId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ enum: ATTENDANCE }) attendance: Attendance;
}

export class EventPlacementResponse {
  @ApiProperty() id: string;
  @ApiProperty() youngPersonId: string;
  @ApiProperty() employerId: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) contractType: string | null;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}

export class AttendanceSummary {
  @ApiProperty() registered: number;
  @ApiProperty() attended: number;
  @ApiProperty() absent: number;
}

export class EventResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EVENT_TYPES }) type: EventType;
  @ApiProperty() startsAt: string;
  @ApiProperty({ type: EventPlaceResponse, nullable: true }) place: EventPlaceResponse | null;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ nullable: true, type: String }) organiserId: string | null;
  @ApiProperty({ type: [EventEmployerResponse] }) employers: EventEmployerResponse[];
  @ApiProperty({ type: [EventYoungPersonResponse] }) youngPeople: EventYoungPersonResponse[];
  @ApiProperty({ type: AttendanceSummary }) attendance: AttendanceSummary;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class EventDetailResponse extends EventResponse {
  @ApiProperty({ type: [EventPlacementResponse] }) placements: EventPlacementResponse[];
}
