import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MailDeliveryService } from '../../../src/mail/mail-delivery.service.js';
import type { TestApp } from '../test-app.js';

// SQL factories for rows other modules own (employers, contacts, activity), with overrides.

const hex = (n: number) => randomBytes(n).toString('hex');

export interface EmployerOverrides {
  legalName?: string;
  tradeName?: string | null;
  nafCode?: string | null;
  epciCode?: string | null;
  epciName?: string | null;
  status?: 'prospect' | 'partner' | 'archived';
}

export async function anEmployer(ds: DataSource, o: EmployerOverrides = {}): Promise<string> {
  const rows = (await ds.query(
    `INSERT INTO employers (legal_name, trade_name, naf_code, epci_code, epci_name, status)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      o.legalName ?? `Entreprise ${hex(3)}`,
      o.tradeName ?? null,
      o.nafCode === undefined ? '56.10A' : o.nafCode,
      o.epciCode === undefined ? '242500011' : o.epciCode,
      o.epciName === undefined ? 'Grand Besançon Métropole' : o.epciName,
      o.status ?? 'partner',
    ],
  )) as { id: string }[];
  return rows[0]!.id;
}

export interface ContactOverrides {
  email?: string | null;
  isPrimary?: boolean;
  surveyRecipient?: boolean;
  optedOutAt?: Date | null;
  erasedAt?: Date | null;
  createdAt?: Date;
}

export async function aContact(
  ds: DataSource,
  employerId: string,
  o: ContactOverrides = {},
): Promise<string> {
  const rows = (await ds.query(
    `INSERT INTO contact_persons (employer_id, first_name, last_name, email, is_primary, survey_recipient, opted_out_at, erased_at, created_at)
     VALUES ($1, 'Camille', 'Martin', $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      employerId,
      o.email === undefined ? `rh-${hex(4)}@employeur.example` : o.email,
      o.isPrimary ?? true,
      o.surveyRecipient ?? false,
      o.optedOutAt ?? null,
      o.erasedAt ?? null,
      o.createdAt ?? new Date(),
    ],
  )) as { id: string }[];
  return rows[0]!.id;
}

/** A staff user inserted directly (an interaction needs an author). */
export async function anAuthor(ds: DataSource): Promise<string> {
  const rows = (await ds.query(
    `INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, 'Auteur', 'adviser', 'x') RETURNING id`,
    [`author-${hex(4)}@ml.example`],
  )) as { id: string }[];
  return rows[0]!.id;
}

export async function anInteraction(
  ds: DataSource,
  employerId: string,
  occurredAt: Date,
  authorId?: string,
): Promise<string> {
  const author = authorId ?? (await anAuthor(ds));
  const rows = (await ds.query(
    `INSERT INTO interactions (employer_id, author_id, type, direction, occurred_at, subject)
     VALUES ($1, $2, 'visit', 'outbound', $3, 'Visite') RETURNING id`,
    [employerId, author, occurredAt],
  )) as { id: string }[];
  return rows[0]!.id;
}

export async function aJobOffer(
  ds: DataSource,
  employerId: string,
  createdAt: Date,
): Promise<string> {
  const rows = (await ds.query(
    `INSERT INTO job_offers (employer_id, title, rome_code, description, contract_type, insee_code, postal_code, city, created_at)
     VALUES ($1, 'Serveur', 'G1803', 'Service en salle', 'cdd', '25056', '25000', 'Besançon', $2) RETURNING id`,
    [employerId, createdAt],
  )) as { id: string }[];
  return rows[0]!.id;
}

export async function aPlacement(
  ds: DataSource,
  employerId: string,
  createdAt: Date,
): Promise<string> {
  const yp = (await ds.query(
    `INSERT INTO young_people (first_name, last_name) VALUES ('Léa', 'Durand') RETURNING id`,
  )) as { id: string }[];
  const rows = (await ds.query(
    `INSERT INTO placements (young_person_id, employer_id, status, created_at) VALUES ($1, $2, 'proposed', $3) RETURNING id`,
    [yp[0]!.id, employerId, createdAt],
  )) as { id: string }[];
  return rows[0]!.id;
}

/** An employer in the audience: recent interaction and a primary contact with an email. */
export async function anActiveEmployer(
  ds: DataSource,
  now: Date,
  o: EmployerOverrides & { email?: string } = {},
): Promise<{ employerId: string; contactId: string; email: string }> {
  const employerId = await anEmployer(ds, o);
  const email = o.email ?? `rh-${hex(4)}@employeur.example`;
  const contactId = await aContact(ds, employerId, { email });
  await anInteraction(ds, employerId, new Date(now.getTime() - 30 * 86_400_000));
  return { employerId, contactId, email };
}

/**
 * Stand-in for the `mail` worker (issue 6), kept here so the lead can switch these tests to the
 * real worker: sends every pending outbox row through the real transport (real SMTP sink), marks
 * it sent (or failed on a 5xx, suppressing the address), and purges bodies marked purgeOnSend.
 */
export async function deliverPendingMail(t: TestApp): Promise<number> {
  // The real delivery path the `mail` worker runs, called synchronously so tests stay deterministic.
  const rows = (await t.ds.query(
    `SELECT id FROM outbound_emails WHERE status = 'pending' ORDER BY created_at, id`,
  )) as { id: string }[];
  for (const r of rows) await t.get(MailDeliveryService).deliver(r.id, { finalAttempt: true });
  return rows.length;
}
