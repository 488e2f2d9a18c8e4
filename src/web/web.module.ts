import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { EventsModule } from '../events/events.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { YoungPeopleModule } from '../young-people/young-people.module.js';
import { UsersModule } from '../users/users.module.js';
import { AssetsController } from './assets/assets.controller.js';
import { DayController } from './day/day.controller.js';
import { DayQueries } from './day/day.queries.js';
import { EmployersWebController } from './employers/employers.controller.js';
import { EmployerPageQueries } from './employers/employers.queries.js';
import { EventsWebController } from './events/events.controller.js';
import { Flashes } from './flash.js';
import {
  CalendarWebController,
  FollowUpsWebController,
} from './follow-ups/follow-ups.controller.js';
import { JobOffersWebController } from './job-offers/job-offers.controller.js';
import { PlacementsWebController } from './placements/placements.controller.js';
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
    ContactsModule,
    FollowUpsModule,
    JobOffersModule,
    YoungPeopleModule,
    PlacementsModule,
    EventsModule,
  ],
  controllers: [
    AssetsController,
    LoginController,
    DayController,
    EmployersWebController,
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
    Flashes,
  ],
})
export class WebModule {}
