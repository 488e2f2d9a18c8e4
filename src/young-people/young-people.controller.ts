import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import {
  CreateYoungPersonDto,
  UpdateYoungPersonDto,
  YoungPeopleQuery,
  YoungPersonResponse,
} from './young-people.dto.js';
import { YoungPeopleService } from './young-people.service.js';

@ApiTags('young-people')
@ApiBearerAuth()
@Controller('api/v1/young-people')
export class YoungPeopleController {
  constructor(private readonly youngPeople: YoungPeopleService) {}

  @Get()
  @ApiPageResponse(YoungPersonResponse)
  list(@Query() q: YoungPeopleQuery): Promise<Page<YoungPersonResponse>> {
    return this.youngPeople.list(q);
  }

  @Post()
  @ApiCreatedResponse({ type: YoungPersonResponse })
  create(
    @Body() dto: CreateYoungPersonDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<YoungPersonResponse> {
    return this.youngPeople.create(dto, actor.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: YoungPersonResponse })
  get(@Param('id', UuidPipe) id: string): Promise<YoungPersonResponse> {
    return this.youngPeople.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: YoungPersonResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateYoungPersonDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<YoungPersonResponse> {
    return this.youngPeople.update(id, dto, actor.id);
  }
}
