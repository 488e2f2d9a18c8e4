import { localDate, isIsoDate } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';

export interface Period {
  from: string;
  to: string;
}

/**
 * The period of the indicators, as inclusive local calendar days. Default: the current calendar
 * year in the ML's time zone; a missing bound is the start or end of the other bound's year.
 */
export function resolvePeriod(
  q: { from?: string; to?: string },
  now: Date,
  timeZone: string,
): Period {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isIsoDate(v))
      throw DomainError.invalid(field, 'must be a date YYYY-MM-DD');
  }
  const year = (q.from ?? q.to ?? localDate(now, timeZone)).slice(0, 4);
  const from = q.from ?? `${(q.to ?? year).slice(0, 4)}-01-01`;
  const to = q.to ?? `${(q.from ?? year).slice(0, 4)}-12-31`;
  if (from > to) throw DomainError.invalid('to', 'must not be before from');
  return { from, to };
}
