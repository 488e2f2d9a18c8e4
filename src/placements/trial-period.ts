import { addDays, daysBetween } from '../common/clock.js';
import type { ContractType } from '../common/vocabulary.js';

/** The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 month = 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day of a period of `months` months starting on `start` (start + months − 1 day). */
function lastDayOfMonths(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}

/** The last day of a period of `days` calendar days starting on `start`. */
function lastDayOfDays(start: string, days: number): string {
  return addDays(start, days - 1);
}

const CDD_LIKE: readonly ContractType[] = ['cdd', 'professionalisation', 'pec', 'iae', 'cie'];

/**
 * The default last day of the trial period (docs/product.md), or null when there is none (pmsmp).
 * Periods count calendar days and include the start day: a 14-day trial from Monday 5 January
 * ends on Sunday 18 January. The result never goes past the contract end.
 * - cdi, open-ended cie: 2 months;
 * - cdd, professionalisation, pec, iae, fixed-term cie: 1 day per full week of contract (at least
 *   1), at most 14 days when the contract lasts 6 months or less, at most 1 month beyond;
 * - apprenticeship: 45 days;
 * - temporary_work: 2 days up to 1 month of contract, 3 days up to 2 months, 5 days beyond;
 * - pmsmp: none.
 */
export function defaultTrialPeriodEnd(
  type: ContractType,
  start: string,
  end: string | null,
): string | null {
  const cap = (d: string) => (end !== null && d > end ? end : d);
  if (type === 'pmsmp') return null;
  if (type === 'cdi' || (type === 'cie' && end === null)) return lastDayOfMonths(start, 2);
  if (type === 'apprenticeship') return cap(lastDayOfDays(start, 45));
  if (end === null) throw new Error(`${type} needs an end date`);
  const lengthDays = daysBetween(start, end) + 1;
  if (type === 'temporary_work') {
    const days = end <= lastDayOfMonths(start, 1) ? 2 : end <= lastDayOfMonths(start, 2) ? 3 : 5;
    return cap(lastDayOfDays(start, days));
  }
  if (CDD_LIKE.includes(type)) {
    const byWeeks = lastDayOfDays(start, Math.max(1, Math.floor(lengthDays / 7)));
    const upTo6Months = end <= lastDayOfMonths(start, 6);
    const limit = upTo6Months ? lastDayOfDays(start, 14) : lastDayOfMonths(start, 1);
    return cap(byWeeks < limit ? byWeeks : limit);
  }
  throw new Error(`no trial period rule for ${type}`);
}
