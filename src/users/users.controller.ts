import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type AuthUser } from '../auth/auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { CreateUserDto, UpdateUserDto, UserResponse } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiPageResponse(UserResponse)
  list(@Query() q: PageQuery): Promise<Page<UserResponse>> {
    return this.users.list(q.limit, q.cursor);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserResponse> {
    return this.users.create(dto, actor.id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserResponse> {
    return this.users.update(id, dto, actor);
  }
}
