import { isWorkingDay, localTime, publicHolidays } from './working-days.js';

describe('working days', () => {
  it('counts Monday to Friday as working days', () => {
    expect(isWorkingDay('2026-03-09')).toBe(true); // Monday
    expect(isWorkingDay('2026-03-13')).toBe(true); // Friday
  });

  it('excludes weekends', () => {
    expect(isWorkingDay('2026-03-14')).toBe(false);
    expect(isWorkingDay('2026-03-15')).toBe(false);
  });

  it('excludes fixed and movable French public holidays', () => {
    expect(isWorkingDay('2026-05-01')).toBe(false); // Fête du travail, a Friday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Lundi de Pâques 2026
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension 2026
    expect(isWorkingDay('2026-12-25')).toBe(false);
  });

  it('does not count the Alsace-Moselle holidays', () => {
    expect(isWorkingDay('2026-04-03')).toBe(true); // Vendredi saint
    expect(isWorkingDay('2025-12-26')).toBe(true); // Saint-Étienne, a Friday
  });

  it('lists eleven holidays a year', () => {
    expect(publicHolidays(2027).size).toBe(11);
  });

  it('reads wall-clock time in a time zone', () => {
    expect(localTime(new Date('2026-03-10T06:30:00Z'), 'Europe/Paris')).toBe('07:30');
    expect(localTime(new Date('2026-07-10T05:30:00Z'), 'Europe/Paris')).toBe('07:30');
  });
});
