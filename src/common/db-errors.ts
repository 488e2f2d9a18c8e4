import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

// Errors meaning "PostgreSQL is not reachable right now", as opposed to a bad query.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  // TypeORM releases a transaction's query runner as soon as its connection reports an error (the
  // server went away mid-transaction); the next statement, often the COMMIT, then fails with this
  // (or, through `manager.query`, its provider variant) instead of a connection error. Nothing was
  // committed: it is an outage, not a bug.
  if (
    err instanceof QueryRunnerAlreadyReleasedError ||
    err instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
        message,
      )
    )
      return true;
    e =
      (e as { driverError?: unknown; cause?: unknown }).driverError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e =
    (err as { driverError?: { code?: string; constraint?: string } }).driverError ??
    (err as { code?: string; constraint?: string });
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** Rows changed by an UPDATE or DELETE run through `query()` (TypeORM returns `[rows, count]`). */
export function affectedRows(result: unknown): number {
  const affected = Array.isArray(result) ? result[1] : undefined;
  return typeof affected === 'number' ? affected : 0;
}
