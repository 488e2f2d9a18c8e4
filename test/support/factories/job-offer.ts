import type { DataSource } from 'typeorm';
import { type Columns, insertRow } from './sql.js';

export type JobOfferColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'title'
  | 'rome_code'
  | 'description'
  | 'contract_type'
  | 'working_time'
  | 'weekly_hours'
  | 'positions'
  | 'start_date'
  | 'expires_at'
  | 'insee_code'
  | 'postal_code'
  | 'city'
  | 'epci_code'
  | 'status'
  | 'published_at'
  | 'adviser_id'
>;

const DAY = 86_400_000;

/** A draft fixed-term offer in Besançon; states the API reaches only over time are set here. */
export function aJobOffer(
  ds: DataSource,
  employerId: string,
  overrides: JobOfferColumns = {},
): Promise<string> {
  return insertRow(ds, 'job_offers', {
    employer_id: employerId,
    title: 'Vendeur / Vendeuse en boulangerie',
    rome_code: 'D1106',
    description: 'Accueil des clients, vente et mise en rayon.',
    contract_type: 'cdd',
    working_time: 'full_time',
    weekly_hours: 35,
    insee_code: '25056',
    postal_code: '25000',
    city: 'Besançon',
    epci_code: '242500361',
    status: 'draft',
    ...overrides,
  });
}

/** A published offer, as if published `daysAgo` days before `now`, expiring 60 days later. */
export function aPublishedOffer(
  ds: DataSource,
  employerId: string,
  now: Date,
  overrides: JobOfferColumns & { daysAgo?: number } = {},
): Promise<string> {
  const { daysAgo = 1, ...rest } = overrides;
  const publishedAt = new Date(now.getTime() - daysAgo * DAY);
  return aJobOffer(ds, employerId, {
    status: 'published',
    published_at: publishedAt,
    expires_at: new Date(publishedAt.getTime() + 60 * DAY),
    ...rest,
  });
}

export type HiddenOfferKind = 'draft' | 'filled' | 'closed' | 'expired' | 'overdue';

/**
 * One offer in each state the public never sees: a draft, the three final states, and one still
 * `published` but past its expiry (the daily job has not run yet). Returns their ids.
 */
export async function hiddenOffers(
  ds: DataSource,
  employerId: string,
  now: Date,
  overrides: JobOfferColumns = {},
): Promise<Record<HiddenOfferKind, string>> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  return {
    draft: await aJobOffer(ds, employerId, { title: 'Brouillon', ...overrides }),
    filled: await aJobOffer(ds, employerId, {
      ...overrides,
      status: 'filled',
      published_at: ago(20),
    }),
    closed: await aJobOffer(ds, employerId, {
      ...overrides,
      status: 'closed',
      published_at: ago(20),
    }),
    expired: await aJobOffer(ds, employerId, {
      ...overrides,
      status: 'expired',
      published_at: ago(90),
      expires_at: ago(30),
    }),
    overdue: await aPublishedOffer(ds, employerId, now, {
      ...overrides,
      daysAgo: 61,
      expires_at: new Date(now.getTime() - 1000),
    }),
  };
}
