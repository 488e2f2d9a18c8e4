import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { EmployerMergeModule } from '../employer-merge/employer-merge.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { ErasureModule } from '../erasure/erasure.module.js';
import { EventsModule } from '../events/events.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { ProspectsModule } from '../prospects/prospects.module.js';
import { YoungPeopleModule } from '../young-people/young-people.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { IndicatorsModule } from '../indicators/indicators.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { AdminWebController } from './admin/admin.controller.js';
import { AssetsController } from './assets/assets.controller.js';
import { ImportsWebController } from './imports/imports.controller.js';
import { PendingUploads } from './imports/pending-uploads.js';
import { UploadMiddleware } from './imports/upload.middleware.js';
import { IndicatorsWebController } from './indicators/indicators.controller.js';
import { AnnualReportWebController } from './reports/annual-report.controller.js';
import { SurveysWebController } from './surveys/surveys.controller.js';
import { DayController } from './day/day.controller.js';
import { DayQueries } from './day/day.queries.js';
import { ContactPersonsWebController } from './employers/contact-persons.controller.js';
import { EmployersWebController } from './employers/employers.controller.js';
import { InteractionsWebController } from './employers/interactions.controller.js';
import { EmployerPageQueries } from './employers/employers.queries.js';
import { EventsWebController } from './events/events.controller.js';
import { Flashes } from './flash.js';
import {
  CalendarWebController,
  FollowUpsWebController,
} from './follow-ups/follow-ups.controller.js';
import { JobOffersWebController } from './job-offers/job-offers.controller.js';
import { PlacementsWebController } from './placements/placements.controller.js';
import { ProspectsWebController } from './prospects/prospects.controller.js';
import { SireneWebController } from './prospects/sirene.controller.js';
import { SireneUploadMiddleware } from './prospects/sirene-upload.middleware.js';
import { YoungPeopleWebController } from './young-people/young-people.controller.js';
import { WebExceptionFilter } from './errors/web-exception.filter.js';
import { LoginController } from './session/login.controller.js';
import { WebSessionStore } from './session/session.store.js';
import { WebSessionGuard } from './session/web-session.guard.js';

/**
 * The staff web application (HTML pages at `/`, docs/web.md). Each area adds its controller
 * (and the domain modules it calls) here, one line each.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    EmployersModule,
    EmployerMergeModule,
    ContactsModule,
    ErasureModule,
    FollowUpsModule,
    SurveysModule,
    IndicatorsModule,
    ReportsModule,
    AuditModule,
    JobOffersModule,
    YoungPeopleModule,
    PlacementsModule,
    EventsModule,
    ProspectsModule,
  ],
  controllers: [
    AssetsController,
    LoginController,
    DayController,
    ContactPersonsWebController,
    EmployersWebController,
    InteractionsWebController,
    SireneWebController,
    ProspectsWebController,
    SurveysWebController,
    IndicatorsWebController,
    AnnualReportWebController,
    ImportsWebController,
    AdminWebController,
    JobOffersWebController,
    YoungPeopleWebController,
    PlacementsWebController,
    FollowUpsWebController,
    CalendarWebController,
    EventsWebController,
  ],
  providers: [
    WebSessionStore,
    WebSessionGuard,
    WebExceptionFilter,
    DayQueries,
    EmployerPageQueries,
    PendingUploads,
    Flashes,
  ],
})
export class WebModule implements NestModule {
  // The import form is multipart: parsed before the session guard so it finds `_csrf` (ADR 1576).
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(UploadMiddleware)
      .forRoutes({ path: 'import-export/employers', method: RequestMethod.POST });
    // The SIRENE files are streamed to disk, once the session and CSRF token are known (ADR 1703).
    consumer
      .apply(SireneUploadMiddleware)
      .forRoutes({ path: 'prospects/sirene', method: RequestMethod.POST });
  }
}
