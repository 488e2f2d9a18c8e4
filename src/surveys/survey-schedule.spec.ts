import { CronExpressionParser } from 'cron-parser';
import {
  audienceWindowStart,
  closesAtFor,
  dueReminderDay,
  secondMondayOfJanuary,
  startOfLocalDay,
  SURVEY_YEARLY_CRON,
  surveyedYear,
} from './survey-schedule.js';

const TZ = 'Europe/Paris';

describe('survey schedule', () => {
  it('finds the second Monday of January', () => {
    expect(secondMondayOfJanuary(2027)).toBe('2027-01-11'); // 1 Jan is a Friday
    expect(secondMondayOfJanuary(2024)).toBe('2024-01-08'); // 1 Jan is a Monday
    expect(secondMondayOfJanuary(2023)).toBe('2023-01-09'); // 1 Jan is a Sunday
    expect(secondMondayOfJanuary(2028)).toBe('2028-01-10');
  });

  it('schedules the yearly job on the second Monday of January at 09:00 Paris time', () => {
    // cron-parser is what BullMQ's job schedulers read the pattern with.
    const schedule = CronExpressionParser.parse(SURVEY_YEARLY_CRON, {
      currentDate: new Date('2026-06-01T00:00:00Z'),
      tz: TZ,
    });
    const next = [0, 1, 2].map(() => schedule.next().toISOString() ?? '');
    expect(next).toEqual([
      '2027-01-11T08:00:00.000Z',
      '2028-01-10T08:00:00.000Z',
      '2029-01-08T08:00:00.000Z',
    ]);
    for (const iso of next)
      expect(iso.slice(0, 10)).toBe(secondMondayOfJanuary(Number(iso.slice(0, 4))));
  });

  it('surveys the previous calendar year', () => {
    expect(surveyedYear(new Date('2027-01-11T08:00:00Z'), TZ)).toBe(2026);
    expect(surveyedYear(new Date('2026-12-31T23:30:00Z'), TZ)).toBe(2026);
  });

  it('sends the latest reminder day reached, counting calendar days in Paris', () => {
    const launch = new Date('2027-01-11T08:00:00Z');
    const at = (iso: string) => dueReminderDay(launch, [7, 14], new Date(iso), TZ);
    expect(at('2027-01-17T22:00:00Z')).toBeNull(); // day 6 in Paris
    expect(at('2027-01-17T23:30:00Z')).toBe(7); // already the 18th in Paris
    expect(at('2027-01-24T12:00:00Z')).toBe(7); // day 13
    expect(at('2027-01-25T12:00:00Z')).toBe(14);
    expect(at('2027-02-20T12:00:00Z')).toBe(14);
    expect(dueReminderDay(launch, [], new Date('2027-02-20T12:00:00Z'), TZ)).toBeNull();
  });

  it('closes at the end of the last local day, whatever the launch hour and DST', () => {
    const launch = new Date('2027-01-11T08:00:00Z');
    // 30 days after 11 January is 10 February: open until midnight in Paris (UTC+1).
    expect(closesAtFor(launch, 30, TZ).toISOString()).toBe('2027-02-10T23:00:00.000Z');
    expect(closesAtFor(new Date('2027-01-11T22:30:00Z'), 1, TZ).toISOString()).toBe(
      '2027-01-12T23:00:00.000Z', // 23:30 in Paris on the 11th: the last day is the 12th
    );
    // Across the March change to summer time (UTC+2).
    expect(closesAtFor(new Date('2027-03-20T09:00:00Z'), 10, TZ).toISOString()).toBe(
      '2027-03-30T22:00:00.000Z',
    );
    expect(startOfLocalDay('2027-03-28', TZ).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfLocalDay('2027-03-29', TZ).toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  it('looks 12 months back for the audience', () => {
    const launch = new Date('2027-01-11T08:00:00Z');
    expect(audienceWindowStart(launch).toISOString()).toBe('2026-01-11T08:00:00.000Z');
  });
});
