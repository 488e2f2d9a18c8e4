import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type AuthUser } from '../auth/auth.decorators.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { ContactResponse } from '../contacts/contacts.dto.js';
import { YoungPersonResponse } from '../young-people/young-people.dto.js';
import { ErasureService } from './erasure.service.js';

@ApiBearerAuth()
@Controller('api/v1')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  /** RGPD: anonymise a contact person, keeping the interactions that mention them. */
  @ApiTags('contacts')
  @Post('contacts/:id/erase')
  @MinRole('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactResponse })
  eraseContact(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<ContactResponse> {
    return this.erasure.eraseContact(id, actor);
  }

  @ApiTags('young-people')
  @Post('young-people/:id/erase')
  @MinRole('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: YoungPersonResponse })
  eraseYoungPerson(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<YoungPersonResponse> {
    return this.erasure.eraseYoungPerson(id, actor.id);
  }
}
