import type { DataSource } from 'typeorm';
import { aYoungPerson } from './young-person.js';
import { type Columns, dayFromNow, insertRow } from './sql.js';

export type PlacementColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'young_person_id'
  | 'job_offer_id'
  | 'event_id'
  | 'adviser_id'
  | 'status'
  | 'contract_type'
  | 'start_date'
  | 'end_date'
  | 'weekly_hours'
  | 'trial_period_end_date'
  | 'outcome'
  | 'at_risk'
  | 'hired_at'
  | 'plan_version'
  | 'rupture_date'
  | 'rupture_initiative'
  | 'rupture_reason'
  | 'rupture_in_trial_period'
  | 'completed_on'
>;

/**
 * A proposed placement at an employer, of a new young person unless `young_person_id` is given.
 * Written with SQL: no follow-up plan is made (hire through the API for that).
 */
export async function aPlacement(
  ds: DataSource,
  employerId: string,
  overrides: PlacementColumns = {},
): Promise<string> {
  return insertRow(ds, 'placements', {
    young_person_id: overrides.young_person_id ?? (await aYoungPerson(ds)),
    employer_id: employerId,
    status: 'proposed',
    ...overrides,
  });
}

/** A hired fixed-term placement (outcome ongoing), started a month ago, ending in five months. */
export function aHiredPlacement(
  ds: DataSource,
  employerId: string,
  overrides: PlacementColumns = {},
): Promise<string> {
  return aPlacement(ds, employerId, {
    status: 'hired',
    outcome: 'ongoing',
    contract_type: 'cdd',
    start_date: dayFromNow(-30),
    end_date: dayFromNow(150),
    hired_at: new Date(Date.now() - 31 * 86_400_000),
    ...overrides,
  });
}
