import { Module } from '@nestjs/common';
import { AdviserDigestService } from './adviser-digest.service.js';
import { JobRunnerService } from './job-runner.service.js';
import { RetentionService } from './retention.service.js';
import { SweepService } from './sweep.service.js';
import { ErasureModule } from '../erasure/erasure.module.js';
import { JobOffersModule } from '../job-offers/job-offers.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { ProspectsModule } from '../prospects/prospects.module.js';

/**
 * What the jobs do, without workers: imported by the worker's JobsModule and by the
 * `npm run jobs` command (an API-role context, so no worker starts there).
 */
@Module({
  imports: [EmployersModule, ErasureModule, JobOffersModule, SurveysModule, ProspectsModule],
  providers: [AdviserDigestService, SweepService, RetentionService, JobRunnerService],
  exports: [AdviserDigestService, SweepService, RetentionService, JobRunnerService],
})
export class JobHandlersModule {}
