import { createRequire } from 'node:module';

// CommonJS package without types: (year) -> { name: Date at local midnight }.
const getJoursFeries = createRequire(import.meta.url)('@socialgouv/jours-feries') as (
  year: number,
) => Record<string, Date>;

const cache = new Map<number, Set<string>>();

/** French public holidays of a year (metropolitan list, without the Alsace-Moselle extras). */
export function publicHolidays(year: number): Set<string> {
  let days = cache.get(year);
  if (!days) {
    days = new Set(
      Object.values(getJoursFeries(year)).map(
        // The package builds dates at local midnight: read them back in local time.
        (d) =>
          `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
      ),
    );
    cache.set(year, days);
  }
  return days;
}

/** Monday to Friday and not a public holiday; `date` is a calendar date YYYY-MM-DD. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(Number(date.slice(0, 4))).has(date);
}

/** Local wall-clock time HH:MM of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
