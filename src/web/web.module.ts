import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { EmployerMergeModule } from '../employer-merge/employer-merge.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { UsersModule } from '../users/users.module.js';
import { AssetsController } from './assets/assets.controller.js';
import { DayController } from './day/day.controller.js';
import { DayQueries } from './day/day.queries.js';
import { EmployersWebController } from './employers/employers.controller.js';
import { EmployerPageQueries } from './employers/employers.queries.js';
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
    FollowUpsModule,
  ],
  controllers: [AssetsController, LoginController, DayController, EmployersWebController],
  providers: [
    WebSessionStore,
    WebSessionGuard,
    WebExceptionFilter,
    DayQueries,
    EmployerPageQueries,
  ],
})
export class WebModule {}
