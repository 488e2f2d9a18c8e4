// French formatting for pages. One place, so every screen writes dates and numbers the same way.
import { dateTimeFormat } from '../common/clock.js';

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

const isCalendarDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * `lundi 30 novembre 2026`. A calendar date (`YYYY-MM-DD`) is shown as is; an instant (Date or
 * ISO timestamp) as its date in `timeZone` (the app's, Europe/Paris by default).
 */
export function formatDate(value: Date | string, timeZone = 'Europe/Paris'): string {
  const calendar = typeof value === 'string' && isCalendarDate(value);
  const date = calendar ? new Date(`${value}T12:00:00Z`) : new Date(value);
  const f = dateTimeFormat('fr-FR', {
    timeZone: calendar ? 'UTC' : timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  // French writes the first day of a month as an ordinal: "mardi 1er décembre 2026".
  return f.format(date).replace(/ 1 /, ' 1er ');
}

/** `lundi 30 novembre 2026 à 14:05` in `timeZone`. */
export function formatDateTime(value: Date | string, timeZone = 'Europe/Paris'): string {
  const date = new Date(value);
  const time = dateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
  return `${formatDate(date, timeZone)} à ${time}`;
}

/** `1 234,5`: French grouping (narrow no-break space) and decimal comma, one decimal at most. */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** `12,5 %` from a rate in 0..1. */
export function formatPercent(rate: number): string {
  return PERCENT.format(rate);
}

/** "1 jour", "3 jours": French plural (0 and 1 are singular). */
export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${Math.abs(count) < 2 ? one : many}`;
}

/** The value of a `datetime-local` input (`2026-11-30T14:05`) for an instant in `timeZone`. */
export function toDateTimeLocal(value: Date, timeZone = 'Europe/Paris'): string {
  const parts = dateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
