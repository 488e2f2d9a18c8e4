import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts (count(*)) fit in a JS number at our volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize'> &
    Partial<Pick<AppConfig, 'databaseReplicaUrls'>>,
): DataSourceOptions {
  const replicas = config.databaseReplicaUrls ?? [];
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // With replicas, TypeORM keeps one pool per server. Every read stays on the primary unless a
    // service asks for a replica through ReadReplicas (ADR 1610): `defaultMode: 'master'`.
    ...(replicas.length
      ? {
          replication: {
            master: { url: config.databaseUrl },
            slaves: replicas.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : { url: config.databaseUrl }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: config.dbPoolSize,
      connectionTimeoutMillis: 3000,
      // Fail fast during an outage instead of piling up requests.
      query_timeout: 30_000,
      application_name: 'ml-employer-crm',
    },
  };
}

/** The primary alone (migrations, seeding, CLIs): a replica being down never stops them. */
export function createDataSource(
  config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize'>,
): DataSource {
  return new DataSource(
    dataSourceOptions({ databaseUrl: config.databaseUrl, dbPoolSize: config.dbPoolSize }),
  );
}
