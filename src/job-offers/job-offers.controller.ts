import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import {
  CreateJobOfferDto,
  JobOfferQuery,
  JobOfferResponse,
  TransitionDto,
  UpdateJobOfferDto,
} from './dto/job-offer.dto.js';
import { JobOffersService } from './job-offers.service.js';

@ApiTags('job-offers')
@ApiBearerAuth()
@Controller('api/v1/job-offers')
export class JobOffersController {
  constructor(private readonly offers: JobOffersService) {}

  @Get()
  @ApiPageResponse(JobOfferResponse)
  list(@Query() q: JobOfferQuery): Promise<Page<JobOfferResponse>> {
    return this.offers.list(q);
  }

  @Post()
  @ApiCreatedResponse({ type: JobOfferResponse })
  create(
    @Body() dto: CreateJobOfferDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<JobOfferResponse> {
    return this.offers.create(dto, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobOfferResponse })
  get(@Param('id', UuidPipe) id: string): Promise<JobOfferResponse> {
    return this.offers.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: JobOfferResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateJobOfferDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<JobOfferResponse> {
    return this.offers.update(id, dto, actor);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: JobOfferResponse })
  transition(
    @Param('id', UuidPipe) id: string,
    @Body() dto: TransitionDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<JobOfferResponse> {
    return this.offers.transition(id, dto, actor);
  }
}
