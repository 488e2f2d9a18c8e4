import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { SurveyResultsService } from '../../surveys/survey-results.service.js';
import { CreateCampaignDto } from '../../surveys/surveys.dto.js';
import { SurveysService } from '../../surveys/surveys.service.js';
import { formFields, intField, intListField, toDto } from '../form-fields.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import {
  CAMPAIGN_FIELD_LABELS,
  CampaignPage,
  CampaignsPage,
  type CampaignForm,
} from './surveys.pages.js';

const LIST_LIMIT = 25;

/** Survey campaigns (managers): list and create, launch and close, results with charts and CSV. */
@MinRole('manager')
@WebController('survey-campaigns')
export class SurveysWebController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  async list(
    @Ctx() ctx: PageContext,
    @Res() res: Response,
    @Query('cursor') cursor?: string,
  ): Promise<void> {
    await this.renderList(ctx, res, typeof cursor === 'string' ? cursor : undefined, {}, {});
  }

  @Post()
  async create(@Ctx() ctx: PageContext, @Body() body: unknown, @Res() res: Response) {
    const f = formFields(body) as CampaignForm;
    try {
      const dto = await toDto(CreateCampaignDto, {
        ...f,
        year: intField(f.year),
        reminderDays: intListField(f.reminderDays),
        durationDays: intField(f.durationDays),
      });
      const created = await this.surveys.create(dto, ctx.user!.id);
      redirectAfterPost(res, `/survey-campaigns/${created.id}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
      // "reminderDays.1" → the reminderDays field: the form has one field for the list.
      const fieldErrors = new DomainError(
        err.code,
        err.detail,
        err.extra,
        err.errors.map((e) => ({ ...e, field: e.field.replace(/\.\d+$/, '') })),
      );
      await this.renderList(
        ctx,
        res,
        undefined,
        f,
        formErrorsOf(fieldErrors, CAMPAIGN_FIELD_LABELS),
        400,
      );
    }
  }

  @Get(':id')
  async show(@Param('id', PageIdPipe) id: string, @Ctx() ctx: PageContext, @Res() res: Response) {
    const campaign = await this.surveys.get(id);
    const results = await this.results.results(id);
    render(res, h(CampaignPage, { ctx, campaign, results }));
  }

  /** The raw answers as CSV (the API's `format=csv`); without it, the page itself. */
  @Get(':id/results')
  async csv(
    @Param('id', PageIdPipe) id: string,
    @Res() res: Response,
    @Query('format') format?: string,
  ): Promise<void> {
    if (format !== 'csv') return res.redirect(303, `/survey-campaigns/${id}`);
    const csv = await this.results.csv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="enquete-${id}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(csv);
  }

  @Post(':id/launch')
  async launch(@Param('id', PageIdPipe) id: string, @Ctx() ctx: PageContext, @Res() res: Response) {
    await this.surveys.launch(id, ctx.user!.id);
    redirectAfterPost(res, `/survey-campaigns/${id}`);
  }

  @Post(':id/close')
  async close(@Param('id', PageIdPipe) id: string, @Ctx() ctx: PageContext, @Res() res: Response) {
    await this.surveys.close(id, ctx.user!.id);
    redirectAfterPost(res, `/survey-campaigns/${id}`);
  }

  private async renderList(
    ctx: PageContext,
    res: Response,
    cursor: string | undefined,
    form: CampaignForm,
    errors: Record<string, string>,
    status = 200,
  ): Promise<void> {
    const page = await this.surveys.list(LIST_LIMIT, cursor);
    render(
      res,
      h(CampaignsPage, { ctx, campaigns: page.items, nextCursor: page.nextCursor, form, errors }),
      status,
    );
  }
}
