import type { Server } from 'node:http';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { describeDatabaseError, prepareDatabase } from './boot.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { configureHttpApp } from './http-app.js';

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  // The same choice as the logger's (src/logging.ts): plain lines on a developer's terminal.
  const pretty = process.stdout.isTTY === true && config.nodeEnv !== 'production';
  const say = (line: string) =>
    process.stdout.write(
      pretty
        ? `[${new Date().toTimeString().slice(0, 8)}] ${line}\n`
        : `${JSON.stringify({ level: 30, time: Date.now(), msg: line })}\n`,
    );
  if (config.jwtSecretGenerated)
    say('JWT_SECRET is not set: using a random secret, tokens will not survive a restart');

  if (config.migrateOnBoot) {
    try {
      await prepareDatabase(config, say);
    } catch (err) {
      fail(describeDatabaseError(config, err));
    }
  }

  const module = AppModule.forRoot(config);
  if (config.role === 'worker') {
    const ctx = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    // Without this the buffered logs of a worker are never written.
    ctx.useLogger(ctx.get(Logger));
    ctx.enableShutdownHooks();
    await ctx.init();
    say('worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, config);
  // Time to receive a whole request (headers keep Node's own 60 s limit): SIRENE uploads of
  // several gigabytes may need more than Node's default 300 s (ADR 1703).
  (app.getHttpServer() as Server).requestTimeout = config.httpRequestTimeoutMs;
  try {
    await app.listen(config.port);
  } catch (err) {
    fail(`cannot listen on port ${config.port}: ${(err as Error).message}`);
  }
  say(`listening on :${config.port} (role ${config.role})`);
}

main().catch((err: unknown) =>
  fail(`startup failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`),
);
