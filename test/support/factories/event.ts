import type { DataSource } from 'typeorm';
import { type Columns, insertRow } from './sql.js';

export type EventColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'title'
  | 'type'
  | 'starts_at'
  | 'insee_code'
  | 'place_label'
  | 'capacity'
  | 'organiser_id'
>;

/** A job dating in Besançon in ten days, without capacity nor organiser. */
export function anEvent(ds: DataSource, overrides: EventColumns = {}): Promise<string> {
  return insertRow(ds, 'events', {
    title: 'Job dating restauration',
    type: 'job_dating',
    starts_at: new Date(Date.now() + 10 * 86_400_000),
    insee_code: '25056',
    place_label: 'Mission Locale',
    ...overrides,
  });
}

/** An employer taking part in an event, with the offers it brings. */
export async function aParticipation(
  ds: DataSource,
  eventId: string,
  employerId: string,
  jobOfferIds: string[] = [],
): Promise<void> {
  await ds.query(
    'INSERT INTO event_employers (event_id, employer_id, job_offer_ids) VALUES ($1, $2, $3::uuid[])',
    [eventId, employerId, jobOfferIds],
  );
}
