import type { MigrationInterface, QueryRunner } from 'typeorm';

type Step = {
  key: string;
  anchor: 'start' | 'trial_end' | 'end' | 'mid';
  offsetDays: number;
  minContractDays?: number;
  repeatEveryDays?: number;
  withWhom: 'young_person' | 'employer' | 'both';
};

/**
 * Version 1 of every follow-up plan: DESIGN.md §2 defaults. Frozen with this migration; managers
 * change plans through PUT /api/v1/follow-up-plans/:contractType, which writes version 2 and up.
 */
export const DEFAULT_PLANS_V1: Record<string, Step[]> = {
  cdi: [
    { key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' },
    { key: 'before_trial_end', anchor: 'trial_end', offsetDays: -7, withWhom: 'both' },
    { key: 'three_months', anchor: 'start', offsetDays: 90, withWhom: 'both' },
    { key: 'six_months', anchor: 'start', offsetDays: 180, withWhom: 'both' },
  ],
  cie: [
    { key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' },
    { key: 'before_trial_end', anchor: 'trial_end', offsetDays: -7, withWhom: 'both' },
    { key: 'three_months', anchor: 'start', offsetDays: 90, withWhom: 'both' },
    { key: 'six_months', anchor: 'start', offsetDays: 180, withWhom: 'both' },
  ],
  cdd: [
    { key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' },
    { key: 'mid_contract', anchor: 'mid', offsetDays: 0, minContractDays: 60, withWhom: 'both' },
    { key: 'next_step', anchor: 'end', offsetDays: -21, withWhom: 'young_person' },
  ],
  apprenticeship: [
    { key: 'first_weeks', anchor: 'start', offsetDays: 15, withWhom: 'both' },
    { key: 'free_rupture_window', anchor: 'start', offsetDays: 38, withWhom: 'both' },
    { key: 'three_months', anchor: 'start', offsetDays: 90, withWhom: 'both' },
    {
      key: 'half_yearly',
      anchor: 'start',
      offsetDays: 180,
      repeatEveryDays: 180,
      withWhom: 'both',
    },
    { key: 'diploma_next_step', anchor: 'end', offsetDays: -60, withWhom: 'young_person' },
  ],
  professionalisation: [
    { key: 'first_weeks', anchor: 'start', offsetDays: 15, withWhom: 'both' },
    { key: 'before_trial_end', anchor: 'trial_end', offsetDays: -5, withWhom: 'both' },
    { key: 'three_months', anchor: 'start', offsetDays: 90, withWhom: 'both' },
    { key: 'next_step', anchor: 'end', offsetDays: -45, withWhom: 'young_person' },
  ],
  temporary_work: [
    { key: 'first_days', anchor: 'start', offsetDays: 2, withWhom: 'both' },
    { key: 'one_month', anchor: 'start', offsetDays: 30, minContractDays: 45, withWhom: 'both' },
    {
      key: 'before_end',
      anchor: 'end',
      offsetDays: -3,
      minContractDays: 14,
      withWhom: 'young_person',
    },
  ],
  pec: [
    { key: 'first_month', anchor: 'start', offsetDays: 30, withWhom: 'both' },
    { key: 'mid_term_review', anchor: 'mid', offsetDays: 0, withWhom: 'both' },
    { key: 'exit_interview', anchor: 'end', offsetDays: -60, withWhom: 'young_person' },
  ],
  iae: [
    { key: 'first_weeks', anchor: 'start', offsetDays: 15, withWhom: 'both' },
    { key: 'two_months', anchor: 'start', offsetDays: 60, withWhom: 'both' },
    { key: 'next_step', anchor: 'end', offsetDays: -30, withWhom: 'young_person' },
  ],
  pmsmp: [
    { key: 'first_day', anchor: 'start', offsetDays: 1, withWhom: 'both' },
    { key: 'assessment', anchor: 'end', offsetDays: 0, withWhom: 'both' },
  ],
};

export class FollowUpPlansV11764145000000 implements MigrationInterface {
  name = 'FollowUpPlansV11764145000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [type, steps] of Object.entries(DEFAULT_PLANS_V1)) {
      await q.query(
        'INSERT INTO follow_up_plans (contract_type, version, steps) VALUES ($1, 1, $2::jsonb)',
        [type, JSON.stringify(steps)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM follow_up_plans WHERE version = 1');
  }
}
