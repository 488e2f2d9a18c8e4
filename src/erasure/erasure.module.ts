import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { YoungPeopleModule } from '../young-people/young-people.module.js';
import { ErasureController } from './erasure.controller.js';
import { ErasureService } from './erasure.service.js';

/** RGPD erasure across the modules that hold a person's data (each writes its own tables). */
@Module({
  imports: [ContactsModule, SurveysModule, YoungPeopleModule, PlacementsModule, FollowUpsModule],
  controllers: [ErasureController],
  providers: [ErasureService],
  exports: [ErasureService],
})
export class ErasureModule {}
