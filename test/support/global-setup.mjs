// Plain ESM: jest loads global setup outside its module transform.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Decides this run's names (read back by env.ts in the test workers) and creates one template
 * database migrated by the real `migration:run` entry point, built by `npm test` beforehand.
 * Each test file clones the template.
 */
export default function globalSetup() {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.CRM_TEST_RUN = run;
  process.env.TEST_PG_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
  const url = new URL(process.env.TEST_PG_URL);
  url.pathname = `/crm_t_${run}_tpl`;
  execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
