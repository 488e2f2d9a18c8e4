import type { DataSource } from 'typeorm';
import { type Columns, dayFromNow, insertRow } from './sql.js';

export type FollowUpColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'due_date'
  | 'step_key'
  | 'with_whom'
  | 'channel'
  | 'status'
  | 'done_on'
  | 'outcome'
  | 'risk'
  | 'sequence'
>;

/** A planned ad hoc follow-up of a placement, due in a week. */
export function aFollowUp(
  ds: DataSource,
  placementId: string,
  overrides: FollowUpColumns = {},
): Promise<string> {
  return insertRow(ds, 'follow_ups', {
    placement_id: placementId,
    due_date: dayFromNow(7),
    step_key: 'ad_hoc',
    status: 'planned',
    ...overrides,
  });
}
