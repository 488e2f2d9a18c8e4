import { dateTimeFormat, localDate, zoneOffsetMs } from './clock.js';

describe('date formatting in a time zone', () => {
  it('makes one formatter per locale and options, and keeps it', () => {
    const a = dateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit' });
    expect(dateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit' })).toBe(a);
    expect(dateTimeFormat('fr-FR', { timeZone: 'UTC', hour: '2-digit' })).not.toBe(a);
    expect(dateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit' })).not.toBe(a);
  });

  it('gives the local calendar date and offset of an instant, whichever zone asked first', () => {
    const newYear = new Date('2025-12-31T23:30:00Z');
    expect(localDate(newYear, 'Europe/Paris')).toBe('2026-01-01');
    expect(localDate(newYear, 'UTC')).toBe('2025-12-31');
    expect(localDate(newYear, 'Europe/Paris')).toBe('2026-01-01');
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris')).toBe(2 * 3600_000);
    expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(3600_000);
    expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'America/Cayenne')).toBe(-3 * 3600_000);
  });
});
