import { Module } from '@nestjs/common';
import { YoungPeopleController } from './young-people.controller.js';
import { YoungPeopleService } from './young-people.service.js';

@Module({
  controllers: [YoungPeopleController],
  providers: [YoungPeopleService],
  exports: [YoungPeopleService],
})
export class YoungPeopleModule {}
