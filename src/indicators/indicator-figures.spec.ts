import { DomainError } from '../common/domain-error.js';
import {
  addCounts,
  emptyCounts,
  netPromoterScore,
  notSplitBy,
  rate,
  toFigures,
} from './indicator-figures.js';
import { resolvePeriod } from './indicator-period.js';

describe('indicator figures', () => {
  it('computes rates in 0..1 rounded to 4 decimals, null without a denominator', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 5)).toBe(0);
    expect(rate(1, 0)).toBeNull();
  });

  it('computes the NPS in points from promoters and detractors', () => {
    // 2 promoters, 1 passive, 2 detractors out of 5: (2 - 2) / 5 = 0; 3 promoters of 4: 75.
    expect(netPromoterScore(2, 2, 5)).toBe(0);
    expect(netPromoterScore(3, 0, 4)).toBe(75);
    expect(netPromoterScore(0, 3, 3)).toBe(-100);
    expect(netPromoterScore(1, 2, 3)).toBe(-33.3);
    expect(netPromoterScore(0, 0, 0)).toBeNull();
  });

  it('derives every figure from additive counts', () => {
    const c = addCounts(emptyCounts(), {
      interactions: 4,
      outbound: 3,
      jobEntries: 4,
      entriesRuptured: 1,
      followUpsDone: 3,
      followUpsOnTime: 2,
      invited: 4,
      answered: 3,
      satisfactionSum: 11,
      satisfactionCount: 3,
      promoters: 1,
      detractors: 1,
      recommendCount: 3,
    });
    const f = toFigures(c);
    expect(f.outreachShare).toBe(0.75);
    expect(f.ruptureRate).toBe(0.25);
    expect(f.followUpsOnTimeRate).toBe(0.6667);
    expect(f.surveyResponseRate).toBe(0.75);
    expect(f.satisfactionMean).toBe(3.67);
    expect(f.nps).toBe(0);
  });

  it('blanks the figures a contract type cannot split', () => {
    const hidden = notSplitBy('contractType');
    const f = toFigures(addCounts(emptyCounts(), { interactions: 2, jobEntries: 1 }), hidden);
    expect(f.interactions).toBeNull();
    expect(f.jobEntries).toBe(1);
    expect(notSplitBy('adviser').size).toBe(0);
  });
});

describe('indicator period', () => {
  const now = new Date('2026-12-31T23:30:00Z'); // already 2027-01-01 in Paris

  it('defaults to the current calendar year in the ML time zone', () => {
    expect(resolvePeriod({}, now, 'Europe/Paris')).toEqual({
      from: '2027-01-01',
      to: '2027-12-31',
    });
    expect(resolvePeriod({}, now, 'UTC')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('completes a missing bound within the year of the other', () => {
    expect(resolvePeriod({ from: '2025-03-01' }, now, 'UTC')).toEqual({
      from: '2025-03-01',
      to: '2025-12-31',
    });
    expect(resolvePeriod({ to: '2024-06-30' }, now, 'UTC')).toEqual({
      from: '2024-01-01',
      to: '2024-06-30',
    });
  });

  it('rejects impossible dates and reversed periods', () => {
    expect(() => resolvePeriod({ from: '2026-02-30' }, now, 'UTC')).toThrow(DomainError);
    expect(() => resolvePeriod({ from: '2026-05-01', to: '2026-04-30' }, now, 'UTC')).toThrow(
      DomainError,
    );
  });
});
