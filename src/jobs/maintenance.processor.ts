import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { QUEUES } from '../queue/queue.constants.js';

@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger('MaintenanceProcessor');

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'ping':
        return 'pong';
      default:
        // A job this build does not know cannot succeed by retrying.
        this.logger.error(`unknown maintenance job ${job.name}`);
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  }
}
