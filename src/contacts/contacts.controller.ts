import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { ContactResponse, CreateContactDto, UpdateContactDto } from './contacts.dto.js';
import { ContactsService } from './contacts.service.js';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/v1')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('employers/:id/contacts')
  @ApiPageResponse(ContactResponse)
  list(@Param('id', UuidPipe) id: string, @Query() q: PageQuery): Promise<Page<ContactResponse>> {
    return this.contacts.list(id, q.limit, q.cursor);
  }

  @Post('employers/:id/contacts')
  @ApiCreatedResponse({ type: ContactResponse })
  create(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateContactDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<ContactResponse> {
    return this.contacts.create(id, dto, actor);
  }

  @Patch('contacts/:id')
  @ApiOkResponse({ type: ContactResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateContactDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<ContactResponse> {
    return this.contacts.update(id, dto, actor);
  }

  @Delete('contacts/:id')
  @HttpCode(204)
  remove(@Param('id', UuidPipe) id: string, @CurrentUser() actor: AuthUser): Promise<void> {
    return this.contacts.remove(id, actor);
  }
}
