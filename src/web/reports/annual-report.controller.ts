import { Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { Clock, localDate } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { annualReportCsv } from '../../reports/annual-report-csv.js';
import { AnnualReportService } from '../../reports/annual-report.service.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { AnnualReportPage, REPORT_FIELD_LABELS } from './annual-report.pages.js';

/** The annual report for managers: one bookmarkable page per year, its CSV beside it. */
@MinRole('manager')
@WebController('reports/annual')
export class AnnualReportWebController {
  constructor(
    private readonly reports: AnnualReportService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

  /** The menu entry and the year form land here: on to the chosen year, the current one by default. */
  @Get()
  index(@Query('year') year: unknown, @Res() res: Response): void {
    const chosen =
      typeof year === 'string' && year.trim() !== '' ? year.trim() : this.today().slice(0, 4);
    res.redirect(303, `/reports/annual/${encodeURIComponent(chosen)}`);
  }

  @Get(':year')
  async show(
    @Ctx() ctx: PageContext,
    @Param('year') year: string,
    @Query('format') format: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const today = this.today();
    try {
      const report = await this.reports.compute(year);
      res.setHeader('Cache-Control', 'no-store');
      if (format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="bilan_annuel_${report.year}.csv"`,
        );
        res.send(annualReportCsv(report));
        return;
      }
      render(res, h(AnnualReportPage, { ctx, year: String(report.year), today, report }));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
      const errors = formErrorsOf(err, REPORT_FIELD_LABELS);
      render(res, h(AnnualReportPage, { ctx, year, today, report: null, errors }), 400);
    }
  }
}
