import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { MinRole } from '../auth/auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { AuditService, type AuditEntryResponse } from './audit.service.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'employer' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entity must be a lower_snake entity name' })
  entity?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() q: AuditQuery): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(q);
  }
}
