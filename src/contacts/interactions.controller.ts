import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import {
  CreateInteractionDto,
  InteractionListQuery,
  InteractionResponse,
  UpdateInteractionDto,
} from './interactions.dto.js';
import { InteractionsService } from './interactions.service.js';

@ApiTags('interactions')
@ApiBearerAuth()
@Controller('api/v1')
export class InteractionsController {
  constructor(private readonly interactions: InteractionsService) {}

  @Get('interactions')
  @ApiPageResponse(InteractionResponse)
  list(@Query() q: InteractionListQuery): Promise<Page<InteractionResponse>> {
    return this.interactions.list(q);
  }

  @Post('employers/:id/interactions')
  @ApiCreatedResponse({ type: InteractionResponse })
  create(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateInteractionDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<InteractionResponse> {
    return this.interactions.create(id, dto, actor);
  }

  @Patch('interactions/:id')
  @ApiOkResponse({ type: InteractionResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateInteractionDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<InteractionResponse> {
    return this.interactions.update(id, dto, actor);
  }

  @Delete('interactions/:id')
  @HttpCode(204)
  remove(@Param('id', UuidPipe) id: string, @CurrentUser() actor: AuthUser): Promise<void> {
    return this.interactions.remove(id, actor);
  }
}
