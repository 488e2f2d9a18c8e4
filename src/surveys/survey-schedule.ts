import { addDays, daysBetween, localDate, zoneOffsetMs } from '../common/clock.js';

export const DEFAULT_REMINDER_DAYS = [7, 14];
export const DEFAULT_DURATION_DAYS = 30;

/**
 * The reminder due now: the largest configured day reached since launch (calendar days in the
 * app time zone), or null. Only the latest one is sent: a worker back from an outage sends one
 * reminder, not every missed one at once.
 */
export function dueReminderDay(
  launchedAt: Date,
  reminderDays: number[],
  now: Date,
  timeZone: string,
): number | null {
  const elapsed = daysBetween(localDate(launchedAt, timeZone), localDate(now, timeZone));
  const due = reminderDays.filter((d) => d > 0 && d <= elapsed);
  return due.length ? Math.max(...due) : null;
}

/**
 * Closing instant: the end of the local calendar day `durationDays` after launch, so that "until
 * the 10th inclusive" in the mail holds whatever the launch hour.
 */
export function closesAtFor(launchedAt: Date, durationDays: number, timeZone: string): Date {
  const lastDay = addDays(localDate(launchedAt, timeZone), durationDays);
  return startOfLocalDay(addDays(lastDay, 1), timeZone);
}

/** The instant a local calendar day starts in a time zone (DST-safe). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Two passes: the offset at the guess, then at the corrected instant (a DST change that day).
  let t = utcMidnight - zoneOffsetMs(new Date(utcMidnight), timeZone);
  t = utcMidnight - zoneOffsetMs(new Date(t), timeZone);
  return new Date(t);
}

/** The second Monday of January of a year, as YYYY-MM-DD. */
export function secondMondayOfJanuary(year: number): string {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay(); // 0 = Sunday
  const firstMonday = 1 + ((8 - jan1) % 7);
  return `${year}-01-${String(firstMonday + 7).padStart(2, '0')}`;
}

/**
 * The `survey-yearly` schedule: 09:00 (APP_TIMEZONE) on the second Monday of January. BullMQ reads
 * it with cron-parser, which knows `1#2` (the second Monday); plain cron could not say it, as its
 * day-of-month and day-of-week fields are OR-ed.
 */
export const SURVEY_YEARLY_CRON = '0 9 * 1 1#2';

/** The year surveyed by a campaign launched at `now`: the previous calendar year. */
export function surveyedYear(now: Date, timeZone: string): number {
  return Number(localDate(now, timeZone).slice(0, 4)) - 1;
}

/** Start of the audience window: 12 months before launch, same local calendar day. */
export function audienceWindowStart(launchedAt: Date): Date {
  const d = new Date(launchedAt);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}
