import { Module } from '@nestjs/common';
import { AgendaService } from './agenda.service.js';
import { CalendarService } from './calendar.service.js';
import { FollowUpPlansService } from './follow-up-plans.service.js';
import { CalendarFeedController, FollowUpsController } from './follow-ups.controller.js';
import { FollowUpsService } from './follow-ups.service.js';

@Module({
  controllers: [FollowUpsController, CalendarFeedController],
  providers: [FollowUpsService, FollowUpPlansService, AgendaService, CalendarService],
  exports: [FollowUpsService, AgendaService, FollowUpPlansService, CalendarService],
})
export class FollowUpsModule {}
