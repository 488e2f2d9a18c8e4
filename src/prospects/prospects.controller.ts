import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import { EmployerResponse } from '../employers/employers.dto.js';
import { ProspectListQuery, ProspectResponse } from './prospects.dto.js';
import { ProspectsService } from './prospects.service.js';

@ApiTags('prospects')
@ApiBearerAuth()
@Controller('api/v1/prospects')
export class ProspectsController {
  constructor(private readonly prospects: ProspectsService) {}

  @Get()
  @ApiPageResponse(ProspectResponse)
  list(@Query() q: ProspectListQuery): Promise<Page<ProspectResponse>> {
    return this.prospects.list(q);
  }

  @Post(':siret/take-on')
  @ApiCreatedResponse({ type: EmployerResponse })
  takeOn(@Param('siret') siret: string, @CurrentUser() actor: AuthUser): Promise<EmployerResponse> {
    if (!/^\d{14}$/.test(siret)) throw DomainError.invalid('siret', 'must be 14 digits');
    return this.prospects.takeOn(siret, actor);
  }
}
