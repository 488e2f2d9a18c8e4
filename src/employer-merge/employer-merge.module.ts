import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { EventsModule } from '../events/events.module.js';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { EmployerMergeController } from './employer-merge.controller.js';
import { EmployerMergeService } from './employer-merge.service.js';

/** Merging two employers: each module attached to employers moves its own rows. */
@Module({
  imports: [
    EmployersModule,
    ContactsModule,
    JobOffersModule,
    PlacementsModule,
    SurveysModule,
    EventsModule,
  ],
  controllers: [EmployerMergeController],
  providers: [EmployerMergeService],
  exports: [EmployerMergeService],
})
export class EmployerMergeModule {}
