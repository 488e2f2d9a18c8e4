import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor.js';

/** Worker role only: the processors and the job schedulers. */
@Module({ providers: [MaintenanceProcessor] })
export class JobsModule {}
