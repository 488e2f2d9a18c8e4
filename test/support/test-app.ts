import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { FixedClock } from '../../src/common/clock.js';
import type { Role } from '../../src/common/vocabulary.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { configureHttpApp } from '../../src/http-app.js';
import { UsersService } from '../../src/users/users.service.js';
import { databaseUrl, PG_ADMIN_URL, REDIS_URL, runId, templateDatabase } from './env.js';
import { SmtpSink } from './smtp-sink.js';

export interface TestAppOptions {
  role?: 'api' | 'all' | 'worker';
  now?: Date;
  env?: Record<string, string>;
  /** Reuse a database (several processes of one scenario); default: a fresh clone. */
  database?: string;
  /** A database on another server (fault tests); overrides `database`. */
  databaseUrl?: string;
  smtp?: SmtpSink;
  /** Capture the application's logs (default: stdout, silent unless TEST_LOG_LEVEL). */
  logStream?: DestinationStream;
}

export interface Staff {
  id: string;
  email: string;
  token: string;
  role: Role;
  auth: { Authorization: string };
}

export class TestApp {
  constructor(
    readonly app: NestExpressApplication,
    readonly config: AppConfig,
    readonly database: string,
    readonly smtp: SmtpSink,
    readonly clock: FixedClock,
    private readonly ownsSmtp: boolean,
  ) {}

  get http() {
    return request(this.app.getHttpServer());
  }

  get ds(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token as never, { strict: false }) as T;
  }

  /** Creates a staff member and logs in through the real endpoint. */
  async staff(
    role: Role,
    overrides: { email?: string; displayName?: string } = {},
  ): Promise<Staff> {
    const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@ml.example`;
    const password = `pw-${randomBytes(9).toString('hex')}`;
    const user = await this.get(UsersService).create(
      { email, displayName: overrides.displayName ?? `Test ${role}`, role, password },
      null,
    );
    const res = await this.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    const token = (res.body as { accessToken: string }).accessToken;
    return { id: user.id, email, token, role, auth: { Authorization: `Bearer ${token}` } };
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.ownsSmtp) await this.smtp.stop();
  }
}

export async function cloneDatabase(): Promise<string> {
  const name = `crm_t_${runId()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
  } finally {
    await admin.end();
  }
  return name;
}

/** The real application on a database cloned from the migrated template, real Redis, real SMTP. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.databaseUrl
    ? new URL(opts.databaseUrl).pathname.slice(1)
    : (opts.database ?? (await cloneDatabase()));
  const smtp = opts.smtp ?? (await new SmtpSink().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_ROLE: opts.role ?? 'api',
    DATABASE_URL: opts.databaseUrl ?? databaseUrl(database),
    DB_POOL_SIZE: '5',
    REDIS_URL,
    QUEUE_PREFIX: `crmt-${runId()}-${database.slice(-8)}`,
    SMTP_URL: smtp.url,
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'crm-outbox-')),
    IMPORT_DIR: mkdtempSync(join(tmpdir(), 'crm-imports-')),
    PUBLIC_BASE_URL: 'https://crm.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000',
    SEED_DEMO_ON_EMPTY: 'false',
    ...opts.env,
  });
  const clock = new FixedClock(opts.now ?? new Date());
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { clock, logStream: opts.logStream }),
    { bodyParser: false, bufferLogs: true },
  );
  configureHttpApp(app, config);
  await app.init();
  return new TestApp(app, config, database, smtp, clock, !opts.smtp);
}
