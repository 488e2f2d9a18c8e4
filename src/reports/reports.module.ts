import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { AnnualReportService } from './annual-report.service.js';
import { ReportsController } from './reports.controller.js';

/** Reports to the board: read-only, across tables, built on the indicators. */
@Module({
  imports: [IndicatorsModule],
  controllers: [ReportsController],
  providers: [AnnualReportService],
  exports: [AnnualReportService],
})
export class ReportsModule {}
