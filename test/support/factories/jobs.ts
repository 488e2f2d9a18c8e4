import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

// SQL factories for rows other modules own (employers, placements, follow-ups, interactions),
// so the jobs tests do not depend on those modules' services. Each returns the new row's id.

type Row = Record<string, unknown>;

async function insert(ds: DataSource, table: string, values: Row): Promise<string> {
  const cols = Object.keys(values);
  const rows = (await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    cols.map((c) => values[c]),
  )) as { id: string }[];
  return rows[0]!.id;
}

export const anEmployer = (ds: DataSource, over: Row = {}) =>
  insert(ds, 'employers', {
    legal_name: `Entreprise ${randomBytes(3).toString('hex')}`,
    status: 'partner',
    last_interaction_at: new Date(),
    ...over,
  });

export const aYoungPerson = (ds: DataSource, over: Row = {}) =>
  insert(ds, 'young_people', { first_name: 'Léa', last_name: 'Moreau', ...over });

export const aPlacement = (
  ds: DataSource,
  ids: { youngPersonId: string; employerId: string; adviserId: string | null },
  over: Row = {},
) =>
  insert(ds, 'placements', {
    young_person_id: ids.youngPersonId,
    employer_id: ids.employerId,
    adviser_id: ids.adviserId,
    status: 'hired',
    contract_type: 'cdi',
    start_date: '2026-01-05',
    outcome: 'ongoing',
    ...over,
  });

export const aFollowUp = (ds: DataSource, placementId: string, dueDate: string, over: Row = {}) =>
  insert(ds, 'follow_ups', {
    placement_id: placementId,
    due_date: dueDate,
    step_key: 'S+90',
    with_whom: 'both',
    status: 'planned',
    ...over,
  });

export const anInteraction = (
  ds: DataSource,
  ids: { employerId: string; authorId: string },
  over: Row = {},
) =>
  insert(ds, 'interactions', {
    employer_id: ids.employerId,
    author_id: ids.authorId,
    type: 'phone',
    direction: 'outbound',
    occurred_at: new Date(),
    subject: 'Point recrutement',
    ...over,
  });
