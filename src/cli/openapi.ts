// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.js';
import { buildOpenApi } from '../openapi.js';

/**
 * Writes the OpenAPI document to the file given as argument (stdout without one), the same
 * document /docs-json serves. Nest's preview mode scans the modules and lays out the controllers
 * without running a single provider: no database, Redis or SMTP server is needed.
 */
const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
  preview: true,
  logger: false,
  bodyParser: false,
});
const json = `${JSON.stringify(buildOpenApi(app), null, 2)}\n`;
const out = process.argv[2];
if (out) writeFileSync(out, json);
else process.stdout.write(json);
await app.close();
