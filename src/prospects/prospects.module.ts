import { Module } from '@nestjs/common';
import { EmployersModule } from '../employers/employers.module.js';
import { ProspectsController } from './prospects.controller.js';
import { ProspectsService } from './prospects.service.js';
import { SireneImportJobsService } from './sirene-import-jobs.service.js';
import { SireneImportService } from './sirene-import.service.js';

@Module({
  imports: [EmployersModule],
  controllers: [ProspectsController],
  providers: [ProspectsService, SireneImportService, SireneImportJobsService],
  exports: [SireneImportService, SireneImportJobsService, ProspectsService],
})
export class ProspectsModule {}
