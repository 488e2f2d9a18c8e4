// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MultiBar, Presets } from 'cli-progress';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { SireneImportService } from '../prospects/sirene-import.service.js';

// `npm run sirene -- --etablissements FILE --unites-legales FILE`: streams INSEE's SIRENE stock
// files into the prospect register, with a progress bar per file; prints the report as JSON.

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    etablissements: { type: 'string' },
    'unites-legales': { type: 'string' },
  },
});
const etablissements = values.etablissements;
const unitesLegales = values['unites-legales'];
if (!etablissements || !unitesLegales)
  fail(
    'usage: npm run sirene -- --etablissements StockEtablissement.csv --unites-legales StockUniteLegale.csv',
  );
for (const f of [etablissements, unitesLegales]) if (!existsSync(f)) fail(`no such file: ${f}`);

let config: AppConfig;
try {
  config = loadConfig({ ...process.env, APP_ROLE: 'api' });
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

@Module({ imports: [AppModule.forRoot(config)] })
class SireneCliModule {}

const line = (level: string) => (message: unknown) =>
  process.stderr.write(`${level} ${String(message)}\n`);
const logger: LoggerService = { log: () => {}, warn: line('warn'), error: line('error') };
const ctx = await NestFactory.createApplicationContext(SireneCliModule, { logger });
const bars = new MultiBar(
  {
    format: '{file} [{bar}] {percentage}% {value}/{total} Mo',
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  },
  Presets.shades_classic,
);
const mb = (bytes: number) => Math.round(bytes / 1e6);
const started = new Map<string, ReturnType<typeof bars.create>>();
let code = 0;
try {
  const report = await ctx
    .get(SireneImportService)
    .import({ etablissements, unitesLegales }, (phase, bytes, total) => {
      let bar = started.get(phase);
      if (!bar) {
        bar = bars.create(mb(total), 0, { file: phase.padEnd(15) });
        started.set(phase, bar);
      }
      bar.update(mb(bytes));
    });
  bars.stop();
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (err) {
  bars.stop();
  code = 1;
  process.stderr.write(
    `sirene import failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
} finally {
  await ctx.close();
}
process.exit(code);
