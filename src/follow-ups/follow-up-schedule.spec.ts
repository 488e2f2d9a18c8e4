import { DEFAULT_PLANS_V1 } from '../../migrations/1764145000000-follow-up-plans-v1.js';
import { defaultTrialPeriodEnd } from '../placements/trial-period.js';
import type { ContractType } from '../common/vocabulary.js';
import type { PlanStep } from './follow-up-plan.entity.js';
import { generateSchedule, reconcileSchedule } from './follow-up-schedule.js';

function plan(type: ContractType): PlanStep[] {
  return DEFAULT_PLANS_V1[type] as PlanStep[];
}

/** The schedule of the default plan, as "key dueDate" lines. */
function schedule(type: ContractType, start: string, end: string | null): string[] {
  const trialEnd = defaultTrialPeriodEnd(type, start, end);
  return generateSchedule(plan(type), { start, trialEnd, end }).map((s) => `${s.key} ${s.dueDate}`);
}

describe('follow-up schedule generation (default plans)', () => {
  it('cdi: S+7, T-7, S+90, S+180, weekend dates moved to the previous Friday', () => {
    // S = Mon 2 Mar 2026, T = 1 May 2026.
    expect(schedule('cdi', '2026-03-02', null)).toEqual([
      'first_week 2026-03-09',
      'before_trial_end 2026-04-24',
      'three_months 2026-05-29', // S+90 = Sun 31 May
      'six_months 2026-08-28', // S+180 = Sat 29 Aug
    ]);
  });

  it('cie with an end date: the same plan, the shorter CDD-rule trial period', () => {
    expect(schedule('cie', '2026-03-02', '2026-08-31')).toEqual([
      'before_trial_end 2026-03-06', // T = 15 Mar, T-7 = Sun 8 Mar
      'first_week 2026-03-09',
      'three_months 2026-05-29',
      'six_months 2026-08-28',
    ]);
  });

  it('cdd: a step on Easter Monday moves back over the weekend to Good Friday', () => {
    expect(schedule('cdd', '2026-03-30', '2026-06-30')).toEqual([
      'first_week 2026-04-03', // S+7 = Mon 6 Apr, Easter Monday
      'mid_contract 2026-05-15',
      'next_step 2026-06-09',
    ]);
  });

  it('short cdd: the mid-contract step (contract >= 60 days) is dropped', () => {
    expect(schedule('cdd', '2026-09-07', '2026-10-02')).toEqual([
      'next_step 2026-09-11',
      'first_week 2026-09-14',
    ]);
  });

  it('very short cdd: E-21 falls before the start and is dropped', () => {
    expect(schedule('cdd', '2026-09-07', '2026-09-18')).toEqual(['first_week 2026-09-14']);
  });

  it('apprenticeship: repeats every 180 days until the end of the contract', () => {
    expect(schedule('apprenticeship', '2026-09-01', '2028-08-31')).toEqual([
      'first_weeks 2026-09-16',
      'free_rupture_window 2026-10-09',
      'three_months 2026-11-30',
      'half_yearly#1 2027-02-26', // Sun 28 Feb
      'half_yearly#2 2027-08-27',
      'half_yearly#3 2028-02-23',
      'diploma_next_step 2028-06-30', // E-60 = Sun 2 Jul
      'half_yearly#4 2028-08-21',
    ]);
  });

  it('professionalisation: T-5 on the one-month trial, S+90 on Easter Sunday', () => {
    expect(schedule('professionalisation', '2026-01-05', '2026-12-18')).toEqual([
      'first_weeks 2026-01-20',
      'before_trial_end 2026-01-30',
      'three_months 2026-04-03',
      'next_step 2026-11-03',
    ]);
  });

  it('temporary work: conditional steps follow the mission length', () => {
    expect(schedule('temporary_work', '2026-06-01', '2026-06-11')).toEqual([
      'first_days 2026-06-03',
    ]);
    expect(schedule('temporary_work', '2026-06-01', '2026-06-26')).toEqual([
      'first_days 2026-06-03',
      'before_end 2026-06-23',
    ]);
    expect(schedule('temporary_work', '2026-06-01', '2026-08-31')).toEqual([
      'first_days 2026-06-03',
      'one_month 2026-07-01',
      'before_end 2026-08-28',
    ]);
  });

  it('pec: S+30, the mid-term review and the exit interview two months before the end', () => {
    expect(schedule('pec', '2026-02-02', '2027-02-01')).toEqual([
      'first_month 2026-03-04',
      'mid_term_review 2026-08-03',
      'exit_interview 2026-12-03',
    ]);
  });

  it('iae: S+15, S+60 and E-30, weekends moved back', () => {
    expect(schedule('iae', '2026-04-07', '2026-10-06')).toEqual([
      'first_weeks 2026-04-22',
      'two_months 2026-06-05',
      'next_step 2026-09-04',
    ]);
  });

  it('pmsmp: a step on Bastille Day moves back but never before the start', () => {
    expect(schedule('pmsmp', '2026-07-13', '2026-07-17')).toEqual([
      'first_day 2026-07-13',
      'assessment 2026-07-17',
    ]);
    // Starting on Monday 13 July with S+1 = 14 July: Monday 13 is the start itself.
    // Starting on a Friday before a holiday Monday, S+1 = Saturday falls back to the start.
    expect(schedule('pmsmp', '2026-05-22', '2026-05-29')).toEqual([
      'first_day 2026-05-22',
      'assessment 2026-05-29',
    ]);
  });

  it('a shift before the start goes forward to the first working day of the contract', () => {
    const steps: PlanStep[] = [{ key: 'k', anchor: 'start', offsetDays: 0, withWhom: 'both' }];
    // Starts Saturday 30 May: the step cannot move back to Friday 29.
    expect(generateSchedule(steps, { start: '2026-05-30', trialEnd: null, end: null })).toEqual([
      { key: 'k', dueDate: '2026-06-01', withWhom: 'both' },
    ]);
  });

  it('drops steps anchored on a trial end or a contract end the contract does not have', () => {
    const steps: PlanStep[] = [
      { key: 'a', anchor: 'trial_end', offsetDays: -1, withWhom: 'both' },
      { key: 'b', anchor: 'end', offsetDays: -1, withWhom: 'both' },
      { key: 'c', anchor: 'mid', offsetDays: 0, withWhom: 'both' },
    ];
    expect(generateSchedule(steps, { start: '2026-06-01', trialEnd: null, end: null })).toEqual([]);
  });

  it('bounds repeats of an open-ended contract', () => {
    const steps: PlanStep[] = [
      { key: 'r', anchor: 'start', offsetDays: 30, repeatEveryDays: 30, withWhom: 'both' },
    ];
    expect(
      generateSchedule(steps, { start: '2026-06-01', trialEnd: null, end: null }),
    ).toHaveLength(10);
  });
});

describe('schedule reconciliation after a change of contract dates', () => {
  it('keeps done steps, moves planned ones, cancels dropped ones and adds new ones', () => {
    // A CDD of 3 weeks extended to 3 months: mid_contract appears, next_step moves,
    // first_week was done and must not be planned again.
    const before = generateSchedule(plan('cdd'), {
      start: '2026-09-07',
      trialEnd: null,
      end: '2026-10-02',
    });
    expect(before.map((s) => s.key)).toEqual(['next_step', 'first_week']);
    const existing = [
      { id: 'fu-first', stepKey: 'first_week', status: 'done' as const, dueDate: '2026-09-14' },
      { id: 'fu-next', stepKey: 'next_step', status: 'planned' as const, dueDate: '2026-09-11' },
      { id: 'fu-adhoc', stepKey: 'ad_hoc', status: 'planned' as const, dueDate: '2026-09-20' },
    ];
    const after = generateSchedule(plan('cdd'), {
      start: '2026-09-07',
      trialEnd: null,
      end: '2026-12-04',
    });
    expect(reconcileSchedule(existing, after)).toEqual({
      insert: [{ key: 'mid_contract', dueDate: '2026-10-21', withWhom: 'both' }],
      move: [{ id: 'fu-next', dueDate: '2026-11-13', withWhom: 'young_person', reopen: false }],
      cancel: [],
    });
  });

  it('cancels planned steps the new dates drop, and re-plans them when dates come back', () => {
    const existing = [
      { id: 'a', stepKey: 'mid_contract', status: 'planned' as const, dueDate: '2026-10-21' },
      { id: 'b', stepKey: 'next_step', status: 'done' as const, dueDate: '2026-11-13' },
    ];
    const shorter = generateSchedule(plan('cdd'), {
      start: '2026-09-07',
      trialEnd: null,
      end: '2026-10-02',
    });
    expect(reconcileSchedule(existing, shorter)).toEqual({
      insert: [{ key: 'first_week', dueDate: '2026-09-14', withWhom: 'both' }],
      move: [],
      cancel: ['a'],
    });
    const reopened = reconcileSchedule(
      [{ id: 'a', stepKey: 'mid_contract', status: 'cancelled', dueDate: '2026-10-21' }],
      [{ key: 'mid_contract', dueDate: '2026-10-22', withWhom: 'both' }],
    );
    expect(reopened.move).toEqual([
      { id: 'a', dueDate: '2026-10-22', withWhom: 'both', reopen: true },
    ]);
  });
});
