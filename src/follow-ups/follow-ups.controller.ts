import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeController,
  ApiOkResponse,
  ApiParam,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, MinRole, Public, type AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { AgendaResponse, AgendaService } from './agenda.service.js';
import { CalendarService } from './calendar.service.js';
import { PlanResponse, PutPlanDto } from './follow-up-plans.dto.js';
import { FollowUpPlansService } from './follow-up-plans.service.js';
import {
  CreateFollowUpDto,
  FollowUpResponse,
  FollowUpsQuery,
  UpdateFollowUpDto,
} from './follow-ups.dto.js';
import { FollowUpsService } from './follow-ups.service.js';

export class CalendarUrlResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the private feed URL: only in the answer to the POST that makes it',
  })
  url: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the current URL was made; null: there is none',
  })
  createdAt: string | null;
}

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly plans: FollowUpPlansService,
    private readonly agenda: AgendaService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('follow-ups')
  @ApiPageResponse(FollowUpResponse)
  list(@Query() q: FollowUpsQuery, @CurrentUser() user: AuthUser): Promise<Page<FollowUpResponse>> {
    return this.followUps.list(q, user);
  }

  @Post('placements/:id/follow-ups')
  @ApiCreatedResponse({ type: FollowUpResponse })
  createAdHoc(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateFollowUpDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FollowUpResponse> {
    return this.followUps.createAdHoc(id, dto, user);
  }

  @Patch('follow-ups/:id')
  @ApiOkResponse({ type: FollowUpResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateFollowUpDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FollowUpResponse> {
    return this.followUps.update(id, dto, user);
  }

  @Get('follow-up-plans')
  @ApiPageResponse(PlanResponse)
  async listPlans(): Promise<Page<PlanResponse>> {
    return { items: await this.plans.latestAll(), nextCursor: null };
  }

  @MinRole('manager')
  @Put('follow-up-plans/:contractType')
  @ApiParam({ name: 'contractType', enum: CONTRACT_TYPES })
  @ApiOkResponse({ type: PlanResponse })
  putPlan(
    @Param('contractType') contractType: string,
    @Body() dto: PutPlanDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanResponse> {
    if (!(CONTRACT_TYPES as readonly string[]).includes(contractType))
      throw DomainError.invalid('contractType', `must be one of ${CONTRACT_TYPES.join(', ')}`);
    return this.plans.put(contractType as ContractType, dto.steps, user.id);
  }

  @Get('me/agenda')
  @ApiOkResponse({ type: AgendaResponse })
  myAgenda(@CurrentUser() user: AuthUser): Promise<AgendaResponse> {
    return this.agenda.forAdviser(user.id);
  }

  /** Changes nothing: whether a private URL exists and since when (it is stored hashed). */
  @Get('me/calendar-url')
  @ApiOkResponse({ type: CalendarUrlResponse })
  async myCalendarUrl(@CurrentUser() user: AuthUser): Promise<CalendarUrlResponse> {
    const createdAt = await this.calendar.createdAt(user.id);
    return { url: null, createdAt: createdAt?.toISOString() ?? null };
  }

  @Post('me/calendar-url')
  @HttpCode(201)
  @ApiCreatedResponse({
    type: CalendarUrlResponse,
    description: 'a new private URL, shown this once; the previous one stops working',
  })
  async rotateCalendarUrl(@CurrentUser() user: AuthUser): Promise<CalendarUrlResponse> {
    const { url } = await this.calendar.newUrl(user.id);
    const createdAt = await this.calendar.createdAt(user.id);
    return { url, createdAt: createdAt?.toISOString() ?? null };
  }
}

// An iCalendar feed behind a secret URL for calendar apps, not part of the JSON API contract.
@ApiExcludeController()
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ login: true })
  @Get(':token.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  // Young people's names and appointments: no cache keeps them (docs/security.md).
  @Header('Cache-Control', 'no-store')
  feed(@Param('token') token: string): Promise<string> {
    return this.calendar.feed(token);
  }
}
