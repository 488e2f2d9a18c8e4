import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { CompleteFollowUpDto, FollowUpResponse } from '../follow-ups/follow-ups.dto.js';
import { PlacementsService } from './placements.service.js';

/** Completing a follow-up also moves its placement's at-risk flag: the placements module's write. */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/v1')
export class PlacementFollowUpsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post('follow-ups/:id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: FollowUpResponse })
  complete(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CompleteFollowUpDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FollowUpResponse> {
    return this.placements.completeFollowUp(id, dto, user);
  }
}
