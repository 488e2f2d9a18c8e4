import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  list(@Query() q: YoungPeopleQuery): Promise<Page<YoungPersonResponse>> {
    return this.youngPeople.list(q);
  }

  @Post()
  create(
    @Body() dto: CreateYoungPersonDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<YoungPersonResponse> {
    return this.youngPeople.create(dto, actor.id);
  }

  @Get(':id')
  get(@Param('id', UuidPipe) id: string): Promise<YoungPersonResponse> {
    return this.youngPeople.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateYoungPersonDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<YoungPersonResponse> {
    return this.youngPeople.update(id, dto, actor.id);
  }
}
