import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import {
  AddParticipantsDto,
  CreateEventDto,
  EventDetailResponse,
  EventListQuery,
  UpdateEventDto,
  EventResponse,
} from './events.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiPageResponse(EventResponse)
  list(@Query() q: EventListQuery): Promise<Page<EventResponse>> {
    return this.events.list(q);
  }

  @Post()
  @ApiCreatedResponse({ type: EventDetailResponse })
  create(
    @Body() dto: CreateEventDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EventDetailResponse> {
    return this.events.create(dto, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: EventDetailResponse })
  get(@Param('id', UuidPipe) id: string): Promise<EventDetailResponse> {
    return this.events.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EventDetailResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateEventDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EventDetailResponse> {
    return this.events.update(id, dto, actor);
  }

  /** Adds employers (with the offers they bring) and young people, or updates attendance. */
  @Post(':id/participants')
  @HttpCode(200)
  @ApiOkResponse({ type: EventDetailResponse })
  addParticipants(
    @Param('id', UuidPipe) id: string,
    @Body() dto: AddParticipantsDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EventDetailResponse> {
    return this.events.addParticipants(id, dto, actor);
  }
}
