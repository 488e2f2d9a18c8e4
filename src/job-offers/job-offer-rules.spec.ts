import { isInstant } from '../common/instant.js';
import { checkWorkingTime, defaultExpiry, ROME_CODE, workingTimeOf } from './job-offer-rules.js';

describe('job offer rules', () => {
  it('requires weekly hours for part time only', () => {
    expect(checkWorkingTime('part_time', null)).toEqual([
      { field: 'weeklyHours', message: 'is required for a part-time offer' },
    ]);
    expect(checkWorkingTime('full_time', null)).toEqual([]);
  });

  it('caps weekly hours at 48 and keeps part time below 35', () => {
    expect(checkWorkingTime('full_time', 48)).toEqual([]);
    expect(checkWorkingTime('full_time', 48.5)).toHaveLength(1);
    expect(checkWorkingTime('full_time', 0)).toHaveLength(1);
    expect(checkWorkingTime('part_time', 24)).toEqual([]);
    expect(checkWorkingTime('part_time', 35)).toHaveLength(1);
  });

  it('derives the working time from the hours: part time below the legal 35 h week', () => {
    expect(workingTimeOf(24)).toBe('part_time');
    expect(workingTimeOf(34.5)).toBe('part_time');
    expect(workingTimeOf(35)).toBe('full_time');
    expect(workingTimeOf(39)).toBe('full_time');
  });

  it('refuses a full-time offer of fewer than 35 hours, naming workingTime', () => {
    expect(checkWorkingTime('full_time', 24)).toEqual([
      expect.objectContaining({ field: 'workingTime' }),
    ]);
    expect(checkWorkingTime('full_time', 35)).toEqual([]);
  });

  it('accepts ROME codes A to N followed by four digits', () => {
    expect(ROME_CODE.test('G1603')).toBe(true);
    expect(ROME_CODE.test('N4101')).toBe(true);
    expect(ROME_CODE.test('O1234')).toBe(false);
    expect(ROME_CODE.test('g1603')).toBe(false);
    expect(ROME_CODE.test('G160')).toBe(false);
  });

  it('accepts instants with an offset only', () => {
    expect(isInstant('2026-05-01T00:00:00+02:00')).toBe(true);
    expect(isInstant('2026-05-01T22:00:00.000Z')).toBe(true);
    expect(isInstant('2026-05-01')).toBe(false);
    expect(isInstant('2026-05-01T10:00:00')).toBe(false);
    expect(isInstant('2026-13-01T10:00:00Z')).toBe(false);
  });

  it('gives an offer published without expiry 60 days', () => {
    expect(defaultExpiry(new Date('2026-03-01T10:00:00Z')).toISOString()).toBe(
      '2026-04-30T10:00:00.000Z',
    );
  });
});
