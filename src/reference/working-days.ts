import { createRequire } from 'node:module';
import { addDays, dateTimeFormat } from '../common/clock.js';

// The one working-day calendar: the follow-up schedule and the morning digest both read it.

const require = createRequire(import.meta.url);
const joursFeries = require('@socialgouv/jours-feries') as (year: number) => Record<string, Date>;

const byYear = new Map<number, Set<string>>();

// The package builds dates at local midnight (and adds days in milliseconds, so a DST change can
// leave them at 23:00 the day before): reading local components after adding 12 hours gives the
// intended calendar date whatever the process time zone.
function toIsoDate(d: Date): string {
  const noon = new Date(d.getTime() + 12 * 3_600_000);
  const y = noon.getFullYear();
  const m = String(noon.getMonth() + 1).padStart(2, '0');
  const day = String(noon.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** French national public holidays of a year (metropolitan, without the Alsace-Moselle extras). */
export function publicHolidays(year: number): Set<string> {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(Object.values(joursFeries(year)).map(toIsoDate));
    byYear.set(year, set);
  }
  return set;
}

export function isPublicHoliday(date: string): boolean {
  return publicHolidays(Number(date.slice(0, 4))).has(date);
}

export function isWeekend(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

export function isWorkingDay(date: string): boolean {
  return !isWeekend(date) && !isPublicHoliday(date);
}

/** The date itself when it is a working day, else the closest working day before it. */
export function onOrBeforeWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** The date itself when it is a working day, else the closest working day after it. */
export function onOrAfterWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** `n` working days after `date` (the date itself not counted), skipping weekends and holidays. */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Local wall-clock time HH:MM of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  return dateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
