import type { Type } from '@nestjs/common';
import { ContactsModule } from './contacts/contacts.module.js';
import { EmployersModule } from './employers/employers.module.js';
import { EmployerMergeModule } from './employer-merge/employer-merge.module.js';
import { ErasureModule } from './erasure/erasure.module.js';
import { EventsModule } from './events/events.module.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { IndicatorsModule } from './indicators/indicators.module.js';
import { JobOffersModule } from './job-offers/job-offers.module.js';
import { QueueBoardModule } from './jobs/queue-board.module.js';
import { PlacementsModule } from './placements/placements.module.js';
import { ProspectsModule } from './prospects/prospects.module.js';
import { PublicModule } from './public/public.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { WebModule } from './web/web.module.js';
import { YoungPeopleModule } from './young-people/young-people.module.js';

/** The business modules, one per domain; each issue adds its own line. */
export const DOMAIN_MODULES: Type<unknown>[] = [
  EmployersModule,
  ContactsModule,
  JobOffersModule,
  PublicModule,
  YoungPeopleModule,
  PlacementsModule,
  FollowUpsModule,
  EventsModule,
  ErasureModule,
  EmployerMergeModule,
  SurveysModule,
  IndicatorsModule,
  ReportsModule,
  QueueBoardModule,
  ProspectsModule,
  WebModule,
];
