import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { MinRole } from '../auth/auth.decorators.js';
import { jsonOrCsv } from '../common/openapi-schemas.js';
import type { AnnualReport } from './annual-report.js';
import { annualReportCsv } from './annual-report-csv.js';
import { AnnualReportService } from './annual-report.service.js';
import { ANNUAL_REPORT_SCHEMA } from './annual-report.openapi.js';

export class AnnualReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('reports')
@ApiBearerAuth()
@MinRole('manager')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: AnnualReportService) {}

  /** The annual report of orientation 4 (docs/annual-report.md). */
  @Get('annual/:year')
  @ApiParam({ name: 'year', example: '2026' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'Each action of the year beside the previous year; CSV with format=csv',
    content: jsonOrCsv(ANNUAL_REPORT_SCHEMA),
  })
  async annual(
    @Param('year') year: string,
    @Query() q: AnnualReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnnualReport | string> {
    const report = await this.reports.compute(year);
    res.setHeader('Cache-Control', 'no-store');
    if (q.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="bilan_annuel_${report.year}.csv"`);
    return annualReportCsv(report);
  }
}
