import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newSurveyToken } from '../../../src/surveys/survey-tokens.js';

// SQL factories for the security tests: fresh rows of every module, each with overrides.
// Every factory returns the new row's id.

type Row = Record<string, unknown>;
const hex = (n: number) => randomBytes(n).toString('hex');

export async function insert(ds: DataSource, table: string, row: Row): Promise<string> {
  const cols = Object.keys(row);
  const rows = (await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(row),
  )) as { id: string }[];
  return rows[0]!.id;
}

export const anEmployer = (ds: DataSource, o: Row = {}) =>
  insert(ds, 'employers', {
    legal_name: `Entreprise ${hex(3)}`,
    insee_code: '25056',
    postal_code: '25000',
    city: 'Besançon',
    epci_code: '242500361',
    epci_name: 'Grand Besançon Métropole',
    naf_code: '56.10A',
    status: 'partner',
    ...o,
  });

export const aContact = (ds: DataSource, employerId: string, o: Row = {}) =>
  insert(ds, 'contact_persons', {
    employer_id: employerId,
    first_name: 'Camille',
    last_name: 'Martin',
    email: `rh-${hex(4)}@employeur.example`,
    is_primary: true,
    ...o,
  });

export const anInteraction = (ds: DataSource, employerId: string, authorId: string, o: Row = {}) =>
  insert(ds, 'interactions', {
    employer_id: employerId,
    author_id: authorId,
    type: 'phone',
    direction: 'outbound',
    occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
    subject: 'Premier contact',
    ...o,
  });

export const aJobOffer = (ds: DataSource, employerId: string, o: Row = {}) =>
  insert(ds, 'job_offers', {
    employer_id: employerId,
    title: 'Serveur / serveuse',
    rome_code: 'G1803',
    description: 'Service en salle, midi et soir.',
    contract_type: 'cdd',
    insee_code: '25056',
    postal_code: '25000',
    city: 'Besançon',
    ...o,
  });

export const aYoungPerson = (ds: DataSource, o: Row = {}) =>
  insert(ds, 'young_people', { first_name: 'Léa', last_name: `Durand-${hex(2)}`, ...o });

export async function aPlacement(
  ds: DataSource,
  o: { employerId: string; adviserId: string | null } & Row,
): Promise<string> {
  const { employerId, adviserId, ...rest } = o;
  const yp = await aYoungPerson(ds);
  return insert(ds, 'placements', {
    young_person_id: yp,
    employer_id: employerId,
    adviser_id: adviserId,
    status: 'proposed',
    ...rest,
  });
}

/** A hired fixed-term placement, started a month ago, ending in five months. */
export function aHiredPlacement(
  ds: DataSource,
  o: { employerId: string; adviserId: string | null } & Row,
): Promise<string> {
  const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  return aPlacement(ds, {
    status: 'hired',
    outcome: 'ongoing',
    contract_type: 'cdd',
    start_date: day(-30),
    end_date: day(150),
    hired_at: new Date(Date.now() - 31 * 86_400_000).toISOString(),
    ...o,
  });
}

export const aFollowUp = (ds: DataSource, placementId: string, dueDate: string, o: Row = {}) =>
  insert(ds, 'follow_ups', {
    placement_id: placementId,
    due_date: dueDate,
    step_key: `step_${hex(2)}`,
    ...o,
  });

export const anEvent = (ds: DataSource, o: Row = {}) =>
  insert(ds, 'events', {
    title: 'Job dating restauration',
    type: 'job_dating',
    starts_at: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    insee_code: '25056',
    place_label: 'Mission Locale',
    ...o,
  });

let nextYear = 2040;
/** A draft campaign for a year no other test of the file uses. */
export const aDraftCampaign = (ds: DataSource, o: Row = {}) =>
  insert(ds, 'survey_campaigns', { year: nextYear++, status: 'draft', ...o });

/** A running campaign closing in a month. */
export const aRunningCampaign = (ds: DataSource, o: Row = {}) =>
  insert(ds, 'survey_campaigns', {
    year: nextYear++,
    status: 'running',
    launched_at: new Date(Date.now() - 86_400_000).toISOString(),
    closes_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    ...o,
  });

/** An invitation with its answer link: returns the ids and the clear token. */
export async function aSurveyInvitation(
  ds: DataSource,
  o: { campaignId: string; employerId: string; contactId?: string | null },
): Promise<{ invitationId: string; token: string }> {
  const { token, hash } = newSurveyToken();
  const invitationId = await insert(ds, 'survey_invitations', {
    campaign_id: o.campaignId,
    employer_id: o.employerId,
    contact_person_id: o.contactId ?? null,
    email: `rh-${hex(4)}@employeur.example`,
    token_hash: hash,
  });
  await ds.query(
    `INSERT INTO survey_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'answer')`,
    [hash, invitationId],
  );
  return { invitationId, token };
}

/** Rows per table of the public schema (migrations bookkeeping aside), in one statement. */
export async function rowCounts(ds: DataSource): Promise<Record<string, number>> {
  if (!tableList) {
    const rows = (await ds.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
    )) as { tablename: string }[];
    tableList = rows.map((r) => r.tablename);
  }
  const sql = tableList
    .map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`)
    .join(' UNION ALL ');
  const rows = (await ds.query(sql)) as { t: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
let tableList: string[] | undefined;
