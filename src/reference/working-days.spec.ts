import {
  addWorkingDays,
  isPublicHoliday,
  isWorkingDay,
  localTime,
  onOrBeforeWorkingDay,
  publicHolidays,
} from './working-days.js';

describe('French working days', () => {
  it('knows the eleven national public holidays of 2026, Easter-based ones included', () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension
      '2026-05-25', // Whit Monday
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('does not count the Alsace-Moselle extra holidays', () => {
    expect(isPublicHoliday('2026-04-03')).toBe(false); // Good Friday
    expect(isPublicHoliday('2026-12-26')).toBe(false);
  });

  it('treats weekends and holidays as non-working days', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-11')).toBe(false); // Armistice, a Wednesday
  });

  it('moves a date to the previous working day across a holiday weekend', () => {
    expect(onOrBeforeWorkingDay('2026-04-06')).toBe('2026-04-03');
    expect(onOrBeforeWorkingDay('2026-04-07')).toBe('2026-04-07');
  });

  it('counts working days after a date, skipping weekends and holidays', () => {
    expect(addWorkingDays('2026-11-25', 3)).toBe('2026-11-30'); // Wed -> Mon
    expect(addWorkingDays('2026-11-09', 3)).toBe('2026-11-13'); // over Armistice
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-29'); // over Christmas
  });

  it('excludes fixed and movable holidays that fall on a weekday', () => {
    expect(isWorkingDay('2026-05-01')).toBe(false); // Fête du travail, a Friday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Lundi de Pâques
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension
    expect(isWorkingDay('2026-12-25')).toBe(false);
  });

  it('lists eleven holidays a year', () => {
    expect(publicHolidays(2027).size).toBe(11);
  });

  it('reads wall-clock time in a time zone', () => {
    expect(localTime(new Date('2026-03-10T06:30:00Z'), 'Europe/Paris')).toBe('07:30');
    expect(localTime(new Date('2026-07-10T05:30:00Z'), 'Europe/Paris')).toBe('07:30');
  });

  it('gives the right dates whatever the process time zone, across a DST change', () => {
    // The package adds days in milliseconds from local midnight: in Auckland the spring holidays
    // of 2024 land at 23:00 the day before. Node reads TZ again when it changes.
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect(publicHolidays(2024)).toEqual(
        new Set([
          '2024-01-01',
          '2024-04-01',
          '2024-05-01',
          '2024-05-08',
          '2024-05-09',
          '2024-05-20',
          '2024-07-14',
          '2024-08-15',
          '2024-11-01',
          '2024-11-11',
          '2024-12-25',
        ]),
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
