import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { InteractionsService } from '../contacts/interactions.service.js';
import { Employer } from '../employers/employer.entity.js';
import type { EmployerResponse } from '../employers/employers.dto.js';
import { EmployersService, auditable } from '../employers/employers.service.js';
import { EventsService } from '../events/events.service.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import { PlacementsService } from '../placements/placements.service.js';
import { SurveysService } from '../surveys/surveys.service.js';

export interface MergeCounts {
  contactPersons: number;
  interactions: number;
  jobOffers: number;
  placements: number;
  surveyInvitations: number;
  surveyInvitationsDropped: number;
  eventParticipations: number;
  mergedEmployers: number;
}

/**
 * Merges one employer into another in one transaction: every module moves its own rows
 * (`reassignEmployer(m, from, to)`), then the employers module merges the two records.
 */
@Injectable()
export class EmployerMergeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly employers: EmployersService,
    private readonly contacts: ContactsService,
    private readonly interactions: InteractionsService,
    private readonly jobOffers: JobOffersService,
    private readonly placements: PlacementsService,
    private readonly surveys: SurveysService,
    private readonly events: EventsService,
    private readonly audit: AuditService,
  ) {}

  async merge(sourceId: string, intoId: string, actor: AuthUser): Promise<EmployerResponse> {
    if (sourceId === intoId)
      throw DomainError.invalid('intoId', 'must be another employer than the one merged');
    return this.ds.transaction(async (m) => {
      const { source, target } = await this.employers.lockForMerge(m, sourceId, intoId);
      const sourceBefore = auditable(this.employers.respond(source));
      const targetBefore = auditable(this.employers.respond(target));

      const contactPersons = await this.contacts.reassignEmployer(m, sourceId, intoId);
      const interactions = await this.interactions.reassignEmployer(m, sourceId, intoId);
      const jobOffers = await this.jobOffers.reassignEmployer(m, sourceId, intoId);
      const placements = await this.placements.reassignEmployer(m, sourceId, intoId);
      const surveys = await this.surveys.reassignEmployer(m, sourceId, intoId);
      const eventParticipations = await this.events.reassignEmployer(m, sourceId, intoId);
      const mergedEmployers = await this.employers.absorb(m, source, target);
      const counts: MergeCounts = {
        contactPersons,
        interactions,
        jobOffers,
        placements,
        surveyInvitations: surveys.moved,
        surveyInvitationsDropped: surveys.dropped,
        eventParticipations,
        mergedEmployers,
      };

      // Re-read: the last contact was re-derived in SQL.
      const merged = await m.getRepository(Employer).findOneByOrFail({ id: intoId });
      const response = this.employers.respond(merged);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'merge',
        entity: 'employer',
        entityId: sourceId,
        before: sourceBefore,
        after: {
          ...auditable(this.employers.respond(source)),
          moved: counts,
          droppedResponses: surveys.droppedResponses,
        },
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'merge_into',
        entity: 'employer',
        entityId: intoId,
        before: targetBefore,
        after: { ...auditable(response), mergedFromId: sourceId, moved: counts },
      });
      return response;
    });
  }
}
