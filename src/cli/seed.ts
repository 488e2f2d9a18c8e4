// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs } from 'node:util';
import { describeDatabaseError, prepareDatabase } from '../boot.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource } from '../database/data-source.js';
import { isScale } from '../seed/scales.js';
import { seed } from '../seed/seed.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'demo' }, seed: { type: 'string', default: '1' } },
});
const scale = values.scale ?? 'demo';
const seedValue = Number(values.seed);
if (!isScale(scale) || !Number.isInteger(seedValue)) {
  process.stderr.write('usage: npm run seed -- --scale demo|ml|national [--seed N]\n');
  process.exit(2);
}

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
try {
  await prepareDatabase(config, (line) => process.stdout.write(`${line}\n`));
} catch (err) {
  process.stderr.write(`${describeDatabaseError(config, err)}\n`);
  process.exit(1);
}

const ds = createDataSource({ ...config, dbPoolSize: 4 });
// The service fails a query after 30 s to shed load during an outage; a national load runs
// statements over millions of rows that legitimately take longer on a busy machine.
ds.setOptions({ extra: { ...(ds.options.extra as object), query_timeout: undefined } });
await ds.initialize();
const bar = new SingleBar(
  {
    format: '{step} [{bar}] {value}/{total}',
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  },
  Presets.shades_classic,
);
let current = '';
const started = Date.now();
try {
  const result = await seed(ds, {
    scale,
    seed: seedValue,
    now: new Date(),
    onProgress: (step, done, total) => {
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(total, done, { step: step.padEnd(22) });
      } else bar.update(done);
    },
  });
  bar.stop();
  process.stdout.write(
    `seeded ${scale} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result.counts)}\n`,
  );
  for (const a of result.accounts)
    process.stdout.write(`demo account (${a.role}): ${a.email} / ${a.password}\n`);
} catch (err) {
  bar.stop();
  process.stderr.write(`seed failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await ds.destroy();
}
