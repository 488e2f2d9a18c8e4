import { Module } from '@nestjs/common';
import { EmployerImportService } from './employer-import.service.js';
import { EmployerMergeService } from './employer-merge.service.js';
import { EmployerTimelineService } from './employer-timeline.service.js';
import { EmployersController } from './employers.controller.js';
import { EmployersService } from './employers.service.js';

@Module({
  controllers: [EmployersController],
  providers: [
    EmployersService,
    EmployerTimelineService,
    EmployerMergeService,
    EmployerImportService,
  ],
  exports: [EmployersService, EmployerTimelineService, EmployerMergeService],
})
export class EmployersModule {}
