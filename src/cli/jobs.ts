// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { JobHandlersModule } from '../jobs/job-handlers.module.js';
import { JOBS } from '../jobs/job-names.js';
import {
  InvalidJobDataError,
  JobRunnerService,
  UnknownJobError,
} from '../jobs/job-runner.service.js';

// `npm run jobs -- <name>`: runs one job now, in this process, and waits for it.
// The context runs the API role so no worker starts here; mails the job writes are sent by the
// workers (the job only queues them), exactly as when the schedule fires.

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const [name, ...args] = process.argv.slice(2);
const known = Object.values(JOBS) as string[];
if (!name || name === '--help' || name === '-h')
  fail(
    `usage: npm run jobs -- <name>   (adviser-digest also takes a date: adviser-digest 2026-03-10;\n` +
      `  naf-2025 proposes only, unless --apply; --csv <file> writes one line per employer)\n` +
      `  names: ${known.join(', ')}`,
  );

/** The job's data from the words after its name. */
function dataOf(job: string, words: string[]): Record<string, unknown> {
  if (job === JOBS.adviserDigest) return words[0] ? { date: words[0] } : {};
  if (job !== JOBS.naf2025) return {};
  const data: { apply?: boolean; csv?: string } = {};
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--apply') data.apply = true;
    else if (words[i] === '--csv' && words[i + 1]) data.csv = resolve(words[++i]!);
    else fail(`naf-2025: unexpected "${words[i]}" (usage: naf-2025 [--apply] [--csv <file>])`);
  }
  return data;
}
const data = dataOf(name, args);

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
  const result = await runner.run(name, data);
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
