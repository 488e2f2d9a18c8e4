import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import {
  CompletePlacementDto,
  CreatePlacementDto,
  HireDto,
  PlacementResponse,
  PlacementsQuery,
  PlacementWithFollowUps,
  RuptureDto,
  UpdatePlacementDto,
} from './placements.dto.js';
import { PlacementsService } from './placements.service.js';

@ApiTags('placements')
@ApiBearerAuth()
@Controller('api/v1/placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Get()
  @ApiPageResponse(PlacementResponse)
  list(
    @Query() q: PlacementsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<PlacementResponse>> {
    return this.placements.list(q, user);
  }

  @Post()
  @ApiCreatedResponse({ type: PlacementResponse })
  create(
    @Body() dto: CreatePlacementDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlacementResponse> {
    return this.placements.create(dto, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlacementWithFollowUps })
  get(@Param('id', UuidPipe) id: string): Promise<PlacementWithFollowUps> {
    return this.placements.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PlacementWithFollowUps })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdatePlacementDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    return this.placements.update(id, dto, user);
  }

  @Post(':id/hire')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementWithFollowUps })
  hire(
    @Param('id', UuidPipe) id: string,
    @Body() dto: HireDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    return this.placements.hire(id, dto, user);
  }

  @Post(':id/rupture')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementWithFollowUps })
  rupture(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RuptureDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    return this.placements.rupture(id, dto, user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: PlacementWithFollowUps })
  complete(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CompletePlacementDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    return this.placements.complete(id, dto, user);
  }
}
