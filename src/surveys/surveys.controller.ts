import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { jsonOrCsv } from '../common/openapi-schemas.js';
import type { Response } from 'express';
import { CurrentUser, MinRole, type AuthUser } from '../auth/auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { CAMPAIGN_RESULTS_SCHEMA } from './survey-results.openapi.js';
import { SurveyResultsService, type CampaignResults } from './survey-results.service.js';
import { CampaignResponse, CreateCampaignDto, ResultsQuery } from './surveys.dto.js';
import { SurveysService } from './surveys.service.js';

@ApiTags('survey-campaigns')
@ApiBearerAuth()
@MinRole('manager')
@Controller('api/v1/survey-campaigns')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  @ApiPageResponse(CampaignResponse)
  list(@Query() q: PageQuery): Promise<Page<CampaignResponse>> {
    return this.surveys.list(q.limit, q.cursor);
  }

  @Post()
  @ApiCreatedResponse({ type: CampaignResponse })
  create(
    @Body() dto: CreateCampaignDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<CampaignResponse> {
    return this.surveys.create(dto, actor.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  get(@Param('id', UuidPipe) id: string): Promise<CampaignResponse> {
    return this.surveys.get(id);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  launch(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<CampaignResponse> {
    return this.surveys.launch(id, actor.id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  close(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<CampaignResponse> {
    return this.surveys.close(id, actor.id);
  }

  @Get(':id/results')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'The results overall, by NAF section and by EPCI; one row per answer with format=csv',
    content: jsonOrCsv(CAMPAIGN_RESULTS_SCHEMA),
  })
  async resultsOf(
    @Param('id', UuidPipe) id: string,
    @Query() q: ResultsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignResults | string> {
    if (q.format !== 'csv') return this.results.results(id);
    const csv = await this.results.csv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="enquete-${id}.csv"`);
    return csv;
  }
}
