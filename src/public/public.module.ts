import { Module } from '@nestjs/common';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { PublicBoardController } from './public-board.controller.js';
import { PublicBoardService } from './public-board.service.js';
import { PublicJobOffersController } from './public-job-offers.controller.js';
import { PublicListCache } from './public-list-cache.js';

/** Pages and feeds served without login: offer pages and posters, the board, sitemap, robots. */
@Module({
  imports: [JobOffersModule],
  controllers: [PublicJobOffersController, PublicBoardController],
  providers: [PublicBoardService, PublicListCache],
})
export class PublicModule {}
