import { isAcceptedDate } from './calendar-date.validator.js';

describe('accepted dates', () => {
  it('accepts real YYYY-MM-DD dates between 1900 and 2199 only', () => {
    expect(isAcceptedDate('2026-02-28')).toBe(true);
    expect(isAcceptedDate('2028-02-29')).toBe(true);
    expect(isAcceptedDate('2026-02-29')).toBe(false);
    expect(isAcceptedDate('2026-2-28')).toBe(false);
    expect(isAcceptedDate('2026-02-28T00:00:00Z')).toBe(false);
    expect(isAcceptedDate('9999-12-31')).toBe(false);
    expect(isAcceptedDate('1899-12-31')).toBe(false);
    expect(isAcceptedDate(20260228)).toBe(false);
  });
});
