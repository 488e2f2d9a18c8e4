import { Module } from '@nestjs/common';
import { AssetsController } from './assets/assets.controller.js';

/** The staff web application (HTML pages at `/`); each area adds its controller here. */
@Module({
  controllers: [AssetsController],
})
export class WebModule {}
