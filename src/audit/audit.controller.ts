import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { MinRole } from '../auth/auth.decorators.js';
import { ApiPageResponse } from '../common/api-page.js';
import { PageQuery, type Page } from '../common/pagination.js';
import type { FieldChange } from './audit-log.entity.js';
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

/** Any JSON value (null too): a field's value before or after the change. */
const ANY_VALUE: ApiPropertyOptions = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', nullable: true },
    { type: 'array', items: {} },
  ],
};

/** The OpenAPI description of a change (the service's `FieldChange`). */
export class FieldChangeResponse implements FieldChange {
  @ApiProperty() field: string;
  @ApiPropertyOptional(ANY_VALUE) before?: unknown;
  @ApiPropertyOptional(ANY_VALUE) after?: unknown;
}

/** The OpenAPI description of an audit entry (the service's `AuditEntryResponse`). */
export class AuditEntryDoc implements AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-11-26T09:30:00.000Z' }) at: string;
  @ApiProperty({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'employer' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: [FieldChangeResponse] }) changes: FieldChangeResponse[];
}

@ApiTags('audit')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiPageResponse(AuditEntryDoc)
  list(@Query() q: AuditQuery): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(q);
  }
}
