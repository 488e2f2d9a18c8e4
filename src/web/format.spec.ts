import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  plural,
  toDateTimeLocal,
} from './format.js';

describe('French formatting', () => {
  it('writes a calendar date with its weekday', () => {
    expect(formatDate('2026-11-30')).toBe('lundi 30 novembre 2026');
  });

  it('writes the first of the month as an ordinal', () => {
    expect(formatDate('2026-12-01')).toBe('mardi 1er décembre 2026');
  });

  it('writes an instant as its date in Paris, not in UTC', () => {
    // 23:30 UTC on Sunday is already Monday in Paris.
    expect(formatDate(new Date('2026-11-29T23:30:00Z'))).toBe('lundi 30 novembre 2026');
  });

  it('adds the Paris time to an instant', () => {
    expect(formatDateTime('2026-11-30T13:05:00Z')).toBe('lundi 30 novembre 2026 à 14:05');
  });

  it('groups thousands and uses a decimal comma', () => {
    expect(formatNumber(1234.5).replace(/\s/g, ' ')).toBe('1 234,5');
    expect(formatNumber(3)).toBe('3');
  });

  it('writes rates as percentages', () => {
    expect(formatPercent(0.125).replace(/\s/g, ' ')).toBe('12,5 %');
  });

  it('uses the French singular for 0 and 1', () => {
    expect(plural(0, 'jour', 'jours')).toBe('0 jour');
    expect(plural(1, 'jour', 'jours')).toBe('1 jour');
    expect(plural(2, 'jour', 'jours')).toBe('2 jours');
  });

  it('fills a datetime-local input with the Paris wall-clock time', () => {
    expect(toDateTimeLocal(new Date('2026-07-01T08:00:00Z'))).toBe('2026-07-01T10:00');
  });
});
