import { Module } from '@nestjs/common';
import { JobHandlersModule } from './job-handlers.module.js';
import { JobSchedulersService } from './job-schedulers.service.js';
import {
  ImportsProcessor,
  MailProcessor,
  MaintenanceProcessor,
  RemindersProcessor,
  SurveysProcessor,
} from './processors.js';
import { WorkerHeartbeat } from './worker-heartbeat.js';

/** Worker role only: the processors and the job schedulers. */
@Module({
  imports: [JobHandlersModule],
  providers: [
    MailProcessor,
    RemindersProcessor,
    MaintenanceProcessor,
    SurveysProcessor,
    ImportsProcessor,
    JobSchedulersService,
    WorkerHeartbeat,
  ],
})
export class JobsModule {}
