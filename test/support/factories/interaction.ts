import type { DataSource } from 'typeorm';
import { type Columns, insertRow } from './sql.js';

export type InteractionColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'contact_person_id'
  | 'type'
  | 'direction'
  | 'occurred_at'
  | 'subject'
  | 'summary'
  | 'needs'
  | 'next_action_at'
  | 'next_action'
  | 'event_id'
>;

/**
 * An outbound phone call to an employer, now, by `authorId`. The employer's `last_interaction_at`
 * is not touched (the employers module maintains it): set it on the employer when a test needs it.
 */
export function anInteraction(
  ds: DataSource,
  employerId: string,
  authorId: string,
  overrides: InteractionColumns = {},
): Promise<string> {
  return insertRow(ds, 'interactions', {
    employer_id: employerId,
    author_id: authorId,
    type: 'phone',
    direction: 'outbound',
    occurred_at: new Date(),
    subject: 'Appel',
    ...overrides,
  });
}
