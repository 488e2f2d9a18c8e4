import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { throttlerOptions } from './auth/login-throttle.js';
import type { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DOMAIN_MODULES } from './domain-modules.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { loggerParams } from './logging.js';
import { MailModule } from './mail/mail.module.js';
import { QueueModule } from './queue/queue.module.js';
import { SeedModule } from './seed/seed.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppOptions {
  clock?: Clock;
  /** Where the logs go instead of stdout (the log-content test reads them back). */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    const worker = config.role === 'worker' || config.role === 'all';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule.forRoot(options.clock),
        LoggerModule.forRoot(loggerParams(config, options.logStream)),
        DatabaseModule,
        QueueModule,
        MailModule,
        AuditModule,
        ThrottlerModule.forRoot(throttlerOptions(config)),
        UsersModule,
        AuthModule,
        HealthModule,
        ...DOMAIN_MODULES,
        SeedModule,
        // Processors and schedulers only where this process does background work.
        ...(worker ? [JobsModule] : []),
      ],
    };
  }
}
