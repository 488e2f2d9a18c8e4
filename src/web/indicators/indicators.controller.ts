import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { GROUP_BYS, type GroupBy } from '../../indicators/indicator-figures.js';
import { indicatorsCsv } from '../../indicators/indicators-csv.js';
import { IndicatorsService } from '../../indicators/indicators.service.js';
import { textField } from '../form-fields.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { INDICATOR_FIELD_LABELS, IndicatorsPage, type IndicatorsForm } from './indicators.pages.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** GET /indicators (managers): period and grouping in the query, so every view is bookmarkable. */
@MinRole('manager')
@WebController('indicators')
export class IndicatorsWebController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  async show(
    @Ctx() ctx: PageContext,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const form: IndicatorsForm = {
      from: str(query.from),
      to: str(query.to),
      groupBy: str(query.groupBy),
    };
    try {
      const groupBy = textField(form.groupBy) as string | undefined;
      if (groupBy !== undefined && !(GROUP_BYS as readonly string[]).includes(groupBy))
        throw DomainError.invalid('groupBy', 'must be one of the groupings');
      const report = await this.indicators.compute({
        from: textField(form.from) as string | undefined,
        to: textField(form.to) as string | undefined,
        groupBy: groupBy as GroupBy | undefined,
      });
      if (query.format === 'csv') {
        const name = `indicateurs_${report.from}_${report.to}${groupBy ? `_${groupBy}` : ''}.csv`;
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(indicatorsCsv(report));
        return;
      }
      render(
        res,
        h(IndicatorsPage, { ctx, form: { ...form, from: report.from, to: report.to }, report }),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
      const errors = formErrorsOf(err, INDICATOR_FIELD_LABELS);
      render(res, h(IndicatorsPage, { ctx, form, report: null, errors }), 400);
    }
  }
}
