import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { SurveyCampaign } from './survey-campaign.entity.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './survey-campaign.entity.js';

export class CreateCampaignDto {
  @ApiProperty({ description: 'the year surveyed', minimum: 2000, maximum: 2100, example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    type: [Number],
    description: 'days after launch on which non-respondents get a reminder',
    default: [7, 14],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  reminderDays?: number[];

  @ApiPropertyOptional({
    description: 'the campaign closes this many days after launch',
    default: 30,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  durationDays?: number;
}

export class CampaignCounts {
  @ApiProperty() invited: number;
  @ApiProperty({ description: 'invitation mails accepted by the SMTP server' }) delivered: number;
  @ApiProperty({ description: 'invitations that received at least one reminder' })
  reminded: number;
  @ApiProperty() answered: number;
  @ApiProperty() optedOut: number;
  @ApiProperty({ description: 'invitation mails refused by the SMTP server' }) bounced: number;
}

export class CampaignResponse {
  @ApiProperty() id: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: CampaignStatus;
  @ApiProperty({ nullable: true, type: String }) launchedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closesAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [Number] }) reminderDays: number[];
  @ApiProperty() durationDays: number;
  @ApiProperty({ type: CampaignCounts }) counts: CampaignCounts;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'answered / invited, 0..1; null before any invitation',
  })
  responseRate: number | null;
  @ApiProperty() version: number;
}

export function toCampaignResponse(c: SurveyCampaign, counts: CampaignCounts): CampaignResponse {
  return {
    id: c.id,
    year: c.year,
    status: c.status,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    closesAt: c.closesAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    reminderDays: c.reminderDays,
    durationDays: c.durationDays,
    counts,
    responseRate: counts.invited
      ? Math.round((counts.answered / counts.invited) * 10000) / 10000
      : null,
    version: c.version,
  };
}

export class ResultsQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
