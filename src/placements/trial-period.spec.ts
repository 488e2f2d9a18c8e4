import { addMonths, defaultTrialPeriodEnd } from './trial-period.js';

describe('default trial period end', () => {
  it('adds months clamped to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
  });

  it('gives a CDI two months, the last day being the day before the same date', () => {
    expect(defaultTrialPeriodEnd('cdi', '2026-03-02', null)).toBe('2026-05-01');
  });

  it('gives an open-ended CIE two months and a fixed-term one the CDD rule', () => {
    expect(defaultTrialPeriodEnd('cie', '2026-03-02', null)).toBe('2026-05-01');
    expect(defaultTrialPeriodEnd('cie', '2026-03-02', '2026-08-31')).toBe('2026-03-15');
  });

  it('gives a CDD one day per full week of contract', () => {
    // 93 days = 13 full weeks -> 13 days, under the 14-day cap.
    expect(defaultTrialPeriodEnd('cdd', '2026-03-30', '2026-06-30')).toBe('2026-04-11');
    // 26 days = 3 weeks.
    expect(defaultTrialPeriodEnd('cdd', '2026-09-07', '2026-10-02')).toBe('2026-09-09');
    // under a week still gets one day.
    expect(defaultTrialPeriodEnd('cdd', '2026-09-07', '2026-09-09')).toBe('2026-09-07');
  });

  it('caps a CDD of six months or less at two weeks', () => {
    // exactly six months (7 Apr -> 6 Oct): 26 weeks, capped at 14 days.
    expect(defaultTrialPeriodEnd('iae', '2026-04-07', '2026-10-06')).toBe('2026-04-20');
  });

  it('caps a CDD longer than six months at one month', () => {
    // one day over six months: 26 weeks -> 26 days, under the one-month cap.
    expect(defaultTrialPeriodEnd('cdd', '2026-04-07', '2026-10-07')).toBe('2026-05-02');
    expect(defaultTrialPeriodEnd('professionalisation', '2026-01-05', '2026-12-18')).toBe(
      '2026-02-04',
    );
    expect(defaultTrialPeriodEnd('pec', '2026-02-02', '2027-02-01')).toBe('2026-03-01');
  });

  it('gives temporary work 2, 3 or 5 days by mission length', () => {
    expect(defaultTrialPeriodEnd('temporary_work', '2026-06-01', '2026-06-30')).toBe('2026-06-02');
    expect(defaultTrialPeriodEnd('temporary_work', '2026-06-01', '2026-07-01')).toBe('2026-06-03');
    expect(defaultTrialPeriodEnd('temporary_work', '2026-06-01', '2026-07-31')).toBe('2026-06-03');
    expect(defaultTrialPeriodEnd('temporary_work', '2026-06-01', '2026-08-31')).toBe('2026-06-05');
  });

  it('gives an apprenticeship 45 days', () => {
    expect(defaultTrialPeriodEnd('apprenticeship', '2026-09-01', '2028-08-31')).toBe('2026-10-15');
  });

  it('never ends after the contract', () => {
    expect(defaultTrialPeriodEnd('temporary_work', '2026-06-01', '2026-06-01')).toBe('2026-06-01');
    expect(defaultTrialPeriodEnd('apprenticeship', '2026-09-01', '2026-09-30')).toBe('2026-09-30');
  });

  it('gives an immersion (PMSMP) no trial period', () => {
    expect(defaultTrialPeriodEnd('pmsmp', '2026-07-13', '2026-07-17')).toBeNull();
  });
});
