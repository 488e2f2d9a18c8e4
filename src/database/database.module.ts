import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source.js';
import { FileQueryLogger } from './query-log.js';
import { ReadReplicas } from './read-replicas.js';
import { ReplicaRouter } from './replica-router.js';

@Global()
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
      // Replicas get their routing before the first connection (ADR 1610).
      dataSourceFactory: async (options) => {
        const ds = new DataSource(options!);
        ReplicaRouter.install(ds);
        return ds.initialize();
      },
    }),
  ],
  providers: [ReadReplicas],
  exports: [ReadReplicas],
})
export class DatabaseModule {}
