import { createDataSource } from './database/data-source.js';
import { ensureDatabase, runMigrationsLocked } from './database/migrate.js';
import type { AppConfig } from './config/config.js';

/** First-start work before Nest boots: create the database if missing, apply migrations. */
export async function prepareDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<void> {
  if (await ensureDatabase(config.databaseUrl))
    log(`created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  const ds = createDataSource({ ...config, dbPoolSize: 2 });
  await ds.initialize();
  try {
    const applied = await runMigrationsLocked(ds);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

/** One line that says what went wrong with the database, without credentials. */
export function describeDatabaseError(config: AppConfig, err: unknown): string {
  const u = new URL(config.databaseUrl);
  const where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return `cannot use the database at ${where}: ${code ? `${code} ` : ''}${message.split('\n')[0]}`;
}
