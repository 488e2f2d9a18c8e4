import { Module } from '@nestjs/common';
import { JobOffersController } from './job-offers.controller.js';
import { JobOffersService } from './job-offers.service.js';

@Module({
  controllers: [JobOffersController],
  providers: [JobOffersService],
  exports: [JobOffersService],
})
export class JobOffersModule {}
