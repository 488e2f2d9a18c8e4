import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type AuthUser } from '../auth/auth.decorators.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { EmployerResponse, MergeDto } from '../employers/employers.dto.js';
import { EmployerMergeService } from './employer-merge.service.js';

@ApiTags('employers')
@ApiBearerAuth()
@Controller('api/v1/employers')
export class EmployerMergeController {
  constructor(private readonly merger: EmployerMergeService) {}

  @Post(':id/merge')
  @MinRole('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: EmployerResponse })
  merge(
    @Param('id', UuidPipe) id: string,
    @Body() dto: MergeDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EmployerResponse> {
    return this.merger.merge(id, dto.intoId.toLowerCase(), actor);
  }
}
