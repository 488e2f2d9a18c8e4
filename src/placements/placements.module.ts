import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { YoungPeopleModule } from '../young-people/young-people.module.js';
import { PlacementsController } from './placements.controller.js';
import { PlacementsService } from './placements.service.js';

@Module({
  imports: [FollowUpsModule, YoungPeopleModule],
  controllers: [PlacementsController],
  providers: [PlacementsService],
  exports: [PlacementsService],
})
export class PlacementsModule {}
