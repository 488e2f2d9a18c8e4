import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import type { ContactPerson } from './contact-person.entity.js';

export class CreateContactDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lastName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Responsable RH' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '03 81 00 00 00' })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{6,25}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ description: 'at most one per employer: setting it moves it here' })
  @OptionalNotNull()
  @IsBoolean()
  isPrimary?: boolean;

  @ApiPropertyOptional({ description: 'receives the annual survey: at most one per employer' })
  @OptionalNotNull()
  @IsBoolean()
  surveyRecipient?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'an opt-out given by phone or letter',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  optedOutAt?: string | null;
}

export class UpdateContactDto extends CreateContactDto {
  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    description:
      'why an opt-out is withdrawn: required (manager only) when optedOutAt goes from a date to null',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  optOutWithdrawalReason?: string;
}

export class ContactResponse {
  @ApiProperty() id: string;
  @ApiProperty() employerId: string;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) jobTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() isPrimary: boolean;
  @ApiProperty() surveyRecipient: boolean;
  @ApiProperty({ nullable: true, type: String }) optedOutAt: string | null;
  @ApiProperty({ nullable: true, type: String }) erasedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toContactResponse(c: ContactPerson): ContactResponse {
  return {
    id: c.id,
    employerId: c.employerId,
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    email: c.email,
    phone: c.phone,
    isPrimary: c.isPrimary,
    surveyRecipient: c.surveyRecipient,
    optedOutAt: c.optedOutAt ? c.optedOutAt.toISOString() : null,
    erasedAt: c.erasedAt ? c.erasedAt.toISOString() : null,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * The audit snapshot. Names, email and phone are recorded by name only (audit-diff); the job title
 * is left out too, so that an erased contact leaves nothing identifying in the log.
 */
export function auditableContact(c: ContactPerson): object {
  const { jobTitle: _j, createdAt: _c, updatedAt: _u, ...rest } = toContactResponse(c);
  return rest;
}
