import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ContractType } from '../../../src/common/vocabulary.js';
import type { OfferStatus, WorkingTime } from '../../../src/job-offers/job-offer.entity.js';

export interface EmployerRow {
  id: string;
  legalName: string;
  tradeName: string | null;
  status: 'prospect' | 'partner' | 'archived';
  referentId: string | null;
  notes: string | null;
}

/** An employer row written with SQL: the employers module is built elsewhere. */
export async function anEmployer(
  ds: DataSource,
  overrides: Partial<EmployerRow> = {},
): Promise<EmployerRow> {
  const e: EmployerRow = {
    id: randomUUID(),
    legalName: 'SARL Les Délices Comtois',
    tradeName: 'Boulangerie du Marché',
    status: 'partner',
    referentId: null,
    notes: null,
    ...overrides,
  };
  await ds.query(
    `INSERT INTO employers (id, legal_name, trade_name, status, referent_id, notes,
       street, postal_code, insee_code, city, epci_code, epci_name)
     VALUES ($1, $2, $3, $4, $5, $6, '12 rue des Granges', '25000', '25056', 'Besançon',
       '242500361', 'CU Grand Besançon Métropole')`,
    [e.id, e.legalName, e.tradeName, e.status, e.referentId, e.notes],
  );
  return e;
}

export interface ContactRow {
  id: string;
  employerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** A contact person at an employer: the personal data the public side must never show. */
export async function aContactPerson(
  ds: DataSource,
  employerId: string,
  overrides: Partial<ContactRow> = {},
): Promise<ContactRow> {
  const c: ContactRow = {
    id: randomUUID(),
    employerId,
    firstName: 'Martine',
    lastName: 'Vuillemin',
    email: 'martine.vuillemin@delices-comtois.example',
    phone: '0381000000',
    ...overrides,
  };
  await ds.query(
    `INSERT INTO contact_persons (id, employer_id, first_name, last_name, email, phone, is_primary)
     VALUES ($1, $2, $3, $4, $5, $6, true)`,
    [c.id, c.employerId, c.firstName, c.lastName, c.email, c.phone],
  );
  return c;
}

export interface OfferRow {
  id: string;
  employerId: string;
  title: string;
  romeCode: string;
  description: string;
  contractType: ContractType;
  workingTime: WorkingTime;
  weeklyHours: number | null;
  positions: number;
  startDate: string | null;
  expiresAt: Date | null;
  inseeCode: string;
  postalCode: string;
  city: string;
  epciCode: string | null;
  status: OfferStatus;
  publishedAt: Date | null;
  adviserId: string | null;
}

/** A job offer row written with SQL, for states the API reaches only over time (expired...). */
export async function anOffer(
  ds: DataSource,
  employerId: string,
  overrides: Partial<OfferRow> = {},
): Promise<OfferRow> {
  const o: OfferRow = {
    id: randomUUID(),
    employerId,
    title: 'Vendeur / Vendeuse en boulangerie',
    romeCode: 'D1106',
    description: 'Accueil des clients, vente et mise en rayon.',
    contractType: 'cdi',
    workingTime: 'full_time',
    weeklyHours: 35,
    positions: 1,
    startDate: null,
    expiresAt: null,
    inseeCode: '25056',
    postalCode: '25000',
    city: 'Besançon',
    epciCode: '242500361',
    status: 'draft',
    publishedAt: null,
    adviserId: null,
    ...overrides,
  };
  await ds.query(
    `INSERT INTO job_offers (id, employer_id, title, rome_code, description, contract_type,
       working_time, weekly_hours, positions, start_date, expires_at, insee_code, postal_code,
       city, epci_code, status, published_at, adviser_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
    [
      o.id,
      o.employerId,
      o.title,
      o.romeCode,
      o.description,
      o.contractType,
      o.workingTime,
      o.weeklyHours,
      o.positions,
      o.startDate,
      o.expiresAt,
      o.inseeCode,
      o.postalCode,
      o.city,
      o.epciCode,
      o.status,
      o.publishedAt,
      o.adviserId,
    ],
  );
  return o;
}

/** A published offer, as if published `daysAgo` days before `now`. */
export function aPublishedOffer(
  ds: DataSource,
  employerId: string,
  now: Date,
  overrides: Partial<OfferRow> & { daysAgo?: number } = {},
): Promise<OfferRow> {
  const { daysAgo = 1, ...rest } = overrides;
  const publishedAt = new Date(now.getTime() - daysAgo * 86_400_000);
  return anOffer(ds, employerId, {
    status: 'published',
    publishedAt,
    expiresAt: new Date(publishedAt.getTime() + 60 * 86_400_000),
    ...rest,
  });
}

export type HiddenOfferKind = 'draft' | 'filled' | 'closed' | 'expired' | 'overdue';

/**
 * One offer in each state the public never sees: a draft, the three final states, and one still
 * `published` but past its expiry (the daily job has not run yet).
 */
export async function hiddenOffers(
  ds: DataSource,
  employerId: string,
  now: Date,
  overrides: Partial<OfferRow> = {},
): Promise<Record<HiddenOfferKind, OfferRow>> {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  return {
    draft: await anOffer(ds, employerId, { title: 'Brouillon', ...overrides }),
    filled: await anOffer(ds, employerId, { ...overrides, status: 'filled', publishedAt: ago(20) }),
    closed: await anOffer(ds, employerId, { ...overrides, status: 'closed', publishedAt: ago(20) }),
    expired: await anOffer(ds, employerId, {
      ...overrides,
      status: 'expired',
      publishedAt: ago(90),
      expiresAt: ago(30),
    }),
    overdue: await aPublishedOffer(ds, employerId, now, {
      ...overrides,
      daysAgo: 61,
      expiresAt: new Date(now.getTime() - 1000),
    }),
  };
}
