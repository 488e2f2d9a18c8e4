import type { ContractType } from '../common/vocabulary.js';
import type { WorkingTime } from './job-offer.entity.js';

/**
 * What the outside world may see of a published offer. Built field by field from an explicit
 * allow-list: no adviser, no contact person, no internal ids beyond the offer's own.
 */
export interface PublicJobOffer {
  id: string;
  title: string;
  romeCode: string;
  description: string;
  contractType: ContractType;
  workingTime: WorkingTime;
  weeklyHours: number | null;
  positions: number;
  startDate: string | null;
  publishedAt: string;
  expiresAt: string | null;
  location: { inseeCode: string; postalCode: string; city: string };
  employer: { name: string };
}

/**
 * What makes an offer visible to the public, over `job_offers o JOIN employers e`, with `$1` the
 * clock's now: published, not past its expiry (the daily job may not have run yet), and not
 * from an archived employer. Every public query (list, feed, page, board, sitemap) uses it.
 */
export const PUBLIC_VISIBLE = `o.status = 'published' AND (o.expires_at IS NULL OR o.expires_at > $1)
  AND e.status <> 'archived'`;

/** The columns of `PublicOfferRow`: nothing else is ever read for the public. */
export const PUBLIC_COLUMNS = `o.id, o.title, o.rome_code, o.description, o.contract_type, o.working_time,
  o.weekly_hours, o.positions, o.start_date, o.published_at, o.expires_at, o.insee_code,
  o.postal_code, o.city, coalesce(nullif(e.trade_name, ''), e.legal_name) AS employer_name`;

/** The columns the public query selects: nothing else is ever read for the public. */
export interface PublicOfferRow {
  id: string;
  title: string;
  rome_code: string;
  description: string;
  contract_type: ContractType;
  working_time: WorkingTime;
  weekly_hours: number | string | null;
  positions: number;
  start_date: string | null;
  published_at: Date;
  expires_at: Date | null;
  insee_code: string;
  postal_code: string;
  city: string;
  employer_name: string;
}

export function toPublicJobOffer(r: PublicOfferRow): PublicJobOffer {
  return {
    id: r.id,
    title: r.title,
    romeCode: r.rome_code,
    description: r.description,
    contractType: r.contract_type,
    workingTime: r.working_time,
    weeklyHours: r.weekly_hours === null ? null : Number(r.weekly_hours),
    positions: r.positions,
    startDate: r.start_date,
    publishedAt: r.published_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    location: { inseeCode: r.insee_code, postalCode: r.postal_code, city: r.city },
    employer: { name: r.employer_name },
  };
}
