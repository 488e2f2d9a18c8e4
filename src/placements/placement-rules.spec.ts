import {
  canHire,
  canMove,
  contractProblems,
  inTrialPeriod,
  ruptureDateProblem,
} from './placement-rules.js';

describe('placement rules', () => {
  it('allows proposed -> interview -> declined | withdrawn, and nothing out of a final status', () => {
    expect(canMove('proposed', 'interview')).toBe(true);
    expect(canMove('interview', 'withdrawn')).toBe(true);
    expect(canMove('interview', 'proposed')).toBe(false);
    expect(canMove('declined', 'interview')).toBe(false);
    expect(canMove('proposed', 'hired')).toBe(false);
    expect(canHire('interview')).toBe(true);
    expect(canHire('hired')).toBe(false);
    expect(canHire('withdrawn')).toBe(false);
  });

  it('requires an end date after the start for fixed-term contracts', () => {
    expect(
      contractProblems({
        contractType: 'cdd',
        startDate: '2026-01-05',
        endDate: null,
        trialPeriodEndDate: null,
      }),
    ).toEqual([{ field: 'endDate', message: 'a cdd contract needs an end date' }]);
    expect(
      contractProblems({
        contractType: 'cdd',
        startDate: '2026-01-05',
        endDate: '2026-01-05',
        trialPeriodEndDate: null,
      }),
    ).toEqual([{ field: 'endDate', message: 'endDate must be after startDate' }]);
    expect(
      contractProblems({
        contractType: 'cie',
        startDate: '2026-01-05',
        endDate: null,
        trialPeriodEndDate: null,
      }),
    ).toEqual([]);
  });

  it('keeps a given trial period end inside the contract', () => {
    expect(
      contractProblems({
        contractType: 'cdd',
        startDate: '2026-01-05',
        endDate: '2026-02-05',
        trialPeriodEndDate: '2026-03-01',
      }).map((p) => p.field),
    ).toEqual(['trialPeriodEndDate']);
  });

  it('accepts a rupture date within the contract only', () => {
    expect(ruptureDateProblem('2026-01-04', '2026-01-05', '2026-02-05')).not.toBeNull();
    expect(ruptureDateProblem('2026-02-06', '2026-01-05', '2026-02-05')).not.toBeNull();
    expect(ruptureDateProblem('2026-02-05', '2026-01-05', '2026-02-05')).toBeNull();
    expect(ruptureDateProblem('2030-01-01', '2026-01-05', null)).toBeNull();
  });

  it('counts the last day of the trial period as inside it', () => {
    expect(inTrialPeriod('2026-03-01', '2026-03-01')).toBe(true);
    expect(inTrialPeriod('2026-03-02', '2026-03-01')).toBe(false);
    expect(inTrialPeriod('2026-03-01', null)).toBe(false);
  });
});
