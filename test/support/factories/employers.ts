import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withLuhnDigit } from '../../../src/reference/siret.js';

// Rows for employer tests, inserted with SQL so tests do not depend on other modules' services.

export function aSiret(): string {
  let first13 = String(randomInt(1, 9));
  while (first13.length < 13) first13 += String(randomInt(0, 10));
  // Avoid La Poste's SIREN, whose rule differs.
  if (first13.startsWith('356000000')) return aSiret();
  return withLuhnDigit(first13);
}

type Row = Record<string, unknown>;

async function insert(ds: DataSource, table: string, values: Row): Promise<string> {
  const cols = Object.keys(values);
  const rows: { id?: string }[] = await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(values),
  );
  return rows[0]?.id ?? '';
}

export function anEmployer(ds: DataSource, overrides: Row = {}): Promise<string> {
  return insert(ds, 'employers', {
    legal_name: `Entreprise ${randomBytes(3).toString('hex')}`,
    siret: aSiret(),
    status: 'prospect',
    ...overrides,
  });
}

export function aContact(ds: DataSource, employerId: string, overrides: Row = {}): Promise<string> {
  return insert(ds, 'contact_persons', {
    employer_id: employerId,
    first_name: 'Claire',
    last_name: 'Martin',
    ...overrides,
  });
}

export function anInteraction(
  ds: DataSource,
  employerId: string,
  authorId: string,
  overrides: Row = {},
): Promise<string> {
  return insert(ds, 'interactions', {
    employer_id: employerId,
    author_id: authorId,
    type: 'phone',
    direction: 'outbound',
    occurred_at: new Date(),
    subject: 'Appel',
    ...overrides,
  });
}

export function aYoungPerson(ds: DataSource, overrides: Row = {}): Promise<string> {
  return insert(ds, 'young_people', { first_name: 'Léa', last_name: 'Durand', ...overrides });
}

export function aJobOffer(
  ds: DataSource,
  employerId: string,
  overrides: Row = {},
): Promise<string> {
  return insert(ds, 'job_offers', {
    employer_id: employerId,
    title: 'Vendeur H/F',
    rome_code: 'D1211',
    description: 'Vente en boutique',
    contract_type: 'cdd',
    insee_code: '25056',
    postal_code: '25000',
    city: 'Besançon',
    ...overrides,
  });
}

export function aPlacement(
  ds: DataSource,
  employerId: string,
  youngPersonId: string,
  overrides: Row = {},
): Promise<string> {
  return insert(ds, 'placements', {
    employer_id: employerId,
    young_person_id: youngPersonId,
    status: 'proposed',
    ...overrides,
  });
}

export function aFollowUp(
  ds: DataSource,
  placementId: string,
  overrides: Row = {},
): Promise<string> {
  return insert(ds, 'follow_ups', {
    placement_id: placementId,
    due_date: '2026-01-15',
    step_key: 'ad_hoc',
    ...overrides,
  });
}

export function aSurveyCampaign(ds: DataSource, overrides: Row = {}): Promise<string> {
  return insert(ds, 'survey_campaigns', {
    year: 2000 + randomInt(0, 1000),
    status: 'running',
    ...overrides,
  });
}

export function anInvitation(
  ds: DataSource,
  campaignId: string,
  employerId: string,
  overrides: Row = {},
): Promise<string> {
  return insert(ds, 'survey_invitations', {
    campaign_id: campaignId,
    employer_id: employerId,
    email: 'rh@example.org',
    token_hash: randomBytes(32),
    ...overrides,
  });
}

export async function aSurveyResponse(
  ds: DataSource,
  invitationId: string,
  answers: Record<string, unknown> = { q1: 5 },
  overrides: Row = {},
): Promise<string> {
  const id = await insert(ds, 'survey_responses', {
    invitation_id: invitationId,
    submitted_at: new Date(),
    ...overrides,
  });
  for (const [key, value] of Object.entries(answers))
    await ds.query(
      'INSERT INTO survey_answers (response_id, question_key, value) VALUES ($1, $2, $3)',
      [id, key, JSON.stringify(value)],
    );
  return id;
}

export function anEvent(ds: DataSource, overrides: Row = {}): Promise<string> {
  return insert(ds, 'events', {
    title: 'Job dating restauration',
    type: 'job_dating',
    starts_at: new Date(),
    ...overrides,
  });
}

export async function aParticipation(
  ds: DataSource,
  eventId: string,
  employerId: string,
  jobOfferIds: string[] = [],
): Promise<void> {
  await ds.query(
    'INSERT INTO event_employers (event_id, employer_id, job_offer_ids) VALUES ($1, $2, $3)',
    [eventId, employerId, jobOfferIds],
  );
}
