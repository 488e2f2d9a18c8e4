// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { JobHandlersModule } from '../jobs/job-handlers.module.js';
import { JOBS } from '../jobs/job-names.js';
import {
  InvalidJobDataError,
  JobRunnerService,
  UnknownJobError,
} from '../jobs/job-runner.service.js';

// `npm run jobs -- <name>`: runs one scheduled job now, in this process, and waits for it.
// The context runs the API role so no worker starts here; mails the job writes are sent by the
// workers (the job only queues them), exactly as when the schedule fires.

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const [name, date] = process.argv.slice(2);
const known = Object.values(JOBS) as string[];
if (!name || name === '--help' || name === '-h')
  fail(
    `usage: npm run jobs -- <name>   (adviser-digest also takes a date: adviser-digest 2026-03-10)\n  names: ${known.join(', ')}`,
  );

let config: AppConfig;
try {
  config = loadConfig({ ...process.env, APP_ROLE: 'api' });
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

@Module({ imports: [AppModule.forRoot(config), JobHandlersModule] })
class JobsCliModule {}

// stdout carries the one JSON result line; Nest's warnings and errors go to stderr.
const line = (level: string) => (message: unknown, context?: unknown) =>
  process.stderr.write(
    `${level} ${typeof context === 'string' ? `[${context}] ` : ''}${String(message)}\n`,
  );
const logger: LoggerService = { log: () => {}, warn: line('warn'), error: line('error') };
const ctx = await NestFactory.createApplicationContext(JobsCliModule, { logger });
let code = 0;
try {
  const runner = ctx.get(JobRunnerService);
  const started = Date.now();
  const result = await runner.run(name, date && name === JOBS.adviserDigest ? { date } : {});
  process.stdout.write(
    `${JSON.stringify({ job: name, ms: Date.now() - started, result: result ?? null })}\n`,
  );
} catch (err) {
  code = 1;
  process.stderr.write(
    err instanceof UnknownJobError || err instanceof InvalidJobDataError
      ? `${err.message}\n`
      : `job ${name} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`,
  );
} finally {
  await ctx.close();
}
process.exit(code);
