import { planAuditId, planProblems } from './follow-up-plans.service.js';

describe('follow-up plan rules', () => {
  const step = { anchor: 'start' as const, offsetDays: 7, withWhom: 'both' as const };

  it('refuses duplicate and reserved step keys, naming the step', () => {
    expect(
      planProblems([
        { key: 'first_week', ...step },
        { key: 'first_week', ...step },
        { key: 'ad_hoc', ...step },
        { key: 'risk_check', ...step },
      ]),
    ).toEqual([
      { field: 'steps.1.key', message: 'first_week is used twice' },
      { field: 'steps.2.key', message: 'ad_hoc is reserved' },
      { field: 'steps.3.key', message: 'risk_check is reserved' },
    ]);
    expect(
      planProblems([
        { key: 'a', ...step },
        { key: 'b', ...step },
      ]),
    ).toEqual([]);
  });

  it('gives each contract type a stable, distinct uuid for the audit log', () => {
    expect(planAuditId('cdd')).toBe(planAuditId('cdd'));
    expect(planAuditId('cdd')).not.toBe(planAuditId('cdi'));
    expect(planAuditId('cdd')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
