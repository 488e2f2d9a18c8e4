import { aggregateFromSql, groupResult, npsOf } from './survey-results.js';

describe('survey aggregation', () => {
  it('computes NPS as promoters (9–10) minus detractors (0–6), in points', () => {
    // 0..10 → counts: 2 detractors (0 and 6), 1 passive (8), 3 promoters (9, 10, 10)
    const rec = [1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2];
    expect(npsOf(rec)).toEqual({ count: 6, promoters: 3, passives: 1, detractors: 2, score: 16.7 });
    expect(npsOf(new Array<number>(11).fill(0)).score).toBeNull();
    expect(npsOf([0, 0, 0, 0, 0, 0, 0, 5, 5, 0, 0]).score).toBe(0);
    expect(npsOf([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).score).toBe(-100);
  });

  it('computes response rate, satisfaction mean and distribution from SQL counts', () => {
    const r = groupResult(
      aggregateFromSql({
        invited: '8',
        answered: '3',
        sat_1: 0,
        sat_2: 1,
        sat_3: 0,
        sat_4: 1,
        sat_5: 1,
        rec_10: 1,
        needs_0: 2,
        needs_3: 1,
        svc_0: 2,
        svc_4: 1,
        callback: 1,
      }),
    );
    expect(r).toEqual({
      invited: 8,
      answered: 3,
      responseRate: 0.375,
      satisfaction: {
        count: 3,
        mean: 3.67,
        distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
      },
      nps: { count: 1, promoters: 1, passives: 0, detractors: 0, score: 100 },
      recruitmentNeeds: { none: 2, '1-2': 0, '3-5': 0, '6+': 1 },
      services: {
        job_dating: 2,
        in_employment_follow_up: 0,
        offer_writing: 0,
        pre_hire_training: 0,
        immersion: 1,
        apprenticeship_information: 0,
      },
      callbackRequested: 1,
    });
  });

  it('gives nulls, not NaN, for an empty group', () => {
    const r = groupResult(aggregateFromSql({ invited: 0, answered: 0 }));
    expect(r.responseRate).toBeNull();
    expect(r.satisfaction.mean).toBeNull();
    expect(r.nps.score).toBeNull();
  });
});
