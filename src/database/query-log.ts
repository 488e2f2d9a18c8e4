import { appendFileSync } from 'node:fs';
import type { Logger, QueryRunner } from 'typeorm';

/**
 * Writes every SQL statement with its parameters as JSON lines to a file. Off unless
 * DB_QUERY_LOG is set: the benchmark uses it to replay the service's exact SQL as its floor.
 * Parameters can hold personal data: never enable it on production data.
 */
export class FileQueryLogger implements Logger {
  constructor(private readonly file: string) {}

  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner): void {
    appendFileSync(this.file, `${JSON.stringify({ query, parameters: parameters ?? [] })}\n`);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
