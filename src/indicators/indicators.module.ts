import { Module } from '@nestjs/common';
import { IndicatorsController } from './indicators.controller.js';
import { IndicatorCache } from './indicator-cache.js';
import { IndicatorsService } from './indicators.service.js';

@Module({
  controllers: [IndicatorsController],
  providers: [IndicatorsService, IndicatorCache],
  exports: [IndicatorsService],
})
export class IndicatorsModule {}
