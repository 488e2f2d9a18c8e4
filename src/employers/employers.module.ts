import { Module } from '@nestjs/common';
import { EmployerImportJobsService } from './employer-import-jobs.service.js';
import { EmployerImportService } from './employer-import.service.js';
import { EmployerTimelineService } from './employer-timeline.service.js';
import { EmployersController } from './employers.controller.js';
import { EmployersService } from './employers.service.js';
import { Naf2025JobService } from './naf-2025-job.service.js';

@Module({
  controllers: [EmployersController],
  providers: [
    EmployersService,
    EmployerTimelineService,
    EmployerImportService,
    EmployerImportJobsService,
    Naf2025JobService,
  ],
  exports: [
    EmployersService,
    EmployerTimelineService,
    EmployerImportService,
    EmployerImportJobsService,
    Naf2025JobService,
  ],
})
export class EmployersModule {}
