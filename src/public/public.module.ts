import { Module } from '@nestjs/common';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { PublicJobOffersController } from './public-job-offers.controller.js';

/** Pages and feeds served without login. */
@Module({ imports: [JobOffersModule], controllers: [PublicJobOffersController] })
export class PublicModule {}
