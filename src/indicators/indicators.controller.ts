import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { MinRole } from '../auth/auth.decorators.js';
import { GROUP_BYS, type GroupBy } from './indicator-figures.js';
import { jsonOrCsv } from '../common/openapi-schemas.js';
import { indicatorsCsv, type IndicatorsReport } from './indicators-csv.js';
import { IndicatorsService } from './indicators.service.js';
import { INDICATORS_REPORT_SCHEMA } from './indicators.openapi.js';

export class IndicatorsQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'first day, inclusive (default: 1 January of the current year)',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'last day, inclusive (default: 31 December)',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ enum: GROUP_BYS })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('indicators')
@ApiBearerAuth()
@MinRole('manager')
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /** The figures of docs/product.md, defined in docs/indicators.md. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The figures over the period, in total and per group; CSV with format=csv',
    content: jsonOrCsv(INDICATORS_REPORT_SCHEMA),
  })
  async get(
    @Query() q: IndicatorsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IndicatorsReport | string> {
    const report = await this.indicators.compute(q);
    if (q.format !== 'csv') return report;
    const name = `indicateurs_${report.from}_${report.to}${q.groupBy ? `_${q.groupBy}` : ''}.csv`;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    return indicatorsCsv(report);
  }
}
