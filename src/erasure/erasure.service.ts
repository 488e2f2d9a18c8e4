import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import type { ContactResponse } from '../contacts/contacts.dto.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { PlacementsService } from '../placements/placements.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { YoungPersonResponse } from '../young-people/young-people.dto.js';
import { YoungPeopleService } from '../young-people/young-people.service.js';

/** What a name quoted in free text becomes once its person is erased. */
export const REDACTED = '[effacé]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * RGPD erasure reaches every table that holds a person's data, each through the module that owns
 * it, in one transaction: a person is erased everywhere or nowhere.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly contacts: ContactsService,
    private readonly surveys: SurveysService,
    private readonly youngPeople: YoungPeopleService,
    private readonly placements: PlacementsService,
    private readonly followUps: FollowUpsService,
    private readonly outbox: MailOutbox,
  ) {}

  /**
   * An employer's contact person. Their survey invitations stop (no reminder, no renewed link) and
   * forget the address they went to; the outbox forgets every address the person had, as
   * recipient and inside bodies.
   */
  eraseContact(id: string, actor: AuthUser): Promise<ContactResponse> {
    return this.ds.transaction(async (m) => {
      const { contact, formerEmail } = await this.contacts.erase(m, id, actor);
      const invited = await this.surveys.forgetContact(m, id);
      await this.outbox.forgetAddresses(m, [formerEmail, ...invited]);
      return contact;
    });
  }

  /**
   * A young person (a manager's request, or retention with no actor): identity anonymised,
   * placements and follow-ups kept for statistics with the names quoted in their notes redacted.
   */
  eraseYoungPerson(id: string, actorId: string | null): Promise<YoungPersonResponse> {
    return this.ds.transaction(async (m) => {
      const { person, names } = await this.youngPeople.erase(m, id, actorId);
      if (names.length) {
        const pattern = names.map(escapeRegExp).join('|');
        await this.placements.redactNames(m, id, pattern, REDACTED);
        await this.followUps.redactNames(m, id, pattern, REDACTED);
      }
      return person;
    });
  }
}
