import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source.js';
import { FileQueryLogger } from './query-log.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        ...(config.dbQueryLog
          ? { logging: ['query' as const], logger: new FileQueryLogger(config.dbQueryLog) }
          : {}),
        // Boot must not hang or crash-loop when PostgreSQL is briefly away; readiness reports it.
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
