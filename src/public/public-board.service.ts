import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { ContractType } from '../common/vocabulary.js';
import type { WorkingTime } from '../job-offers/job-offer.entity.js';
import { PUBLIC_VISIBLE } from '../job-offers/public-job-offer.js';
import { findCommune } from '../reference/communes.js';
import { BOARD_PAGE_SIZE, findEpciName, type BoardFilter } from './board-query.js';
import { ReadReplicas } from '../database/read-replicas.js';

/** One line of the board: what a young person needs to decide to open the offer. */
export interface BoardOffer {
  id: string;
  title: string;
  employerName: string;
  city: string;
  postalCode: string;
  contractType: ContractType;
  workingTime: WorkingTime;
  startDate: string | null;
  publishedAt: string;
}

export interface BoardPlace {
  code: string;
  name: string;
  offers: number;
}

export interface BoardPage {
  offers: BoardOffer[];
  total: number;
  page: number;
  pageCount: number;
}

export interface BoardChoices {
  communes: BoardPlace[];
  epcis: BoardPlace[];
}

export interface SitemapEntry {
  id: string;
  lastmod: string;
}

/** Why an offer has no public page: never visible (404) or no longer published (410). */
export type OfferAbsence = 'not_found' | 'gone';

// The filter selects list at most this many places (the most offers first), so a national
// database does not put thousands of options in one page; a bookmarked place is always kept.
const MAX_CHOICES = 300;

interface BoardRow {
  id: string;
  title: string;
  employer_name: string;
  city: string;
  postal_code: string;
  contract_type: ContractType;
  working_time: WorkingTime;
  start_date: string | null;
  published_at: Date;
}

/**
 * Read side of the public board, sitemap and offer pages. Reads offers and employers in SQL
 * under the one visibility rule of the job-offers module (`PUBLIC_VISIBLE`); writes nothing.
 */
@Injectable()
export class PublicBoardService {
  constructor(
    private readonly reads: ReadReplicas,
    private readonly clock: Clock,
  ) {}

  /** One page of the board, newest first, with the number of matching offers. */
  async search(f: BoardFilter): Promise<BoardPage> {
    const params: unknown[] = [this.clock.now()];
    const where = [PUBLIC_VISIBLE];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Accent- and case-insensitive: both sides go through f_normalize, the expression of the
    // partial trigram index job_offers_public_search_idx. Every word must appear.
    for (const w of f.words)
      where.push(
        `f_normalize(o.title || ' ' || o.description) LIKE '%' || f_normalize(${p(w)}) || '%'`,
      );
    if (f.commune) where.push(`o.insee_code = ${p(f.commune)}`);
    if (f.epci) where.push(`o.epci_code = ${p(f.epci)}`);
    if (f.contracts.length) where.push(`o.contract_type = ANY(${p(f.contracts)}::contract_type[])`);
    if (f.workingTime) where.push(`o.working_time = ${p(f.workingTime)}`);
    const from = `FROM job_offers o JOIN employers e ON e.id = o.employer_id
      WHERE ${where.join(' AND ')}`;
    const [{ n }] = (await this.reads.query(`SELECT count(*)::int AS n ${from}`, params)) as {
      n: number;
    }[];
    const pageCount = Math.max(1, Math.ceil(n / BOARD_PAGE_SIZE));
    if (f.page > pageCount) return { offers: [], total: n, page: f.page, pageCount };
    const rows = (await this.reads.query(
      `SELECT o.id, o.title, coalesce(nullif(e.trade_name, ''), e.legal_name) AS employer_name,
              o.city, o.postal_code, o.contract_type, o.working_time, o.start_date, o.published_at
         ${from}
        ORDER BY o.published_at DESC, o.id DESC
        LIMIT ${p(BOARD_PAGE_SIZE)} OFFSET ${p((f.page - 1) * BOARD_PAGE_SIZE)}`,
      params,
    )) as BoardRow[];
    return {
      offers: rows.map((r) => ({
        id: r.id,
        title: r.title,
        employerName: r.employer_name,
        city: r.city,
        postalCode: r.postal_code,
        contractType: r.contract_type,
        workingTime: r.working_time,
        startDate: r.start_date,
        publishedAt: r.published_at.toISOString(),
      })),
      total: n,
      page: f.page,
      pageCount,
    };
  }

  /** The communes and EPCIs that have open offers, for the filter lists (French collation). */
  async choices(keep: { commune: string | null; epci: string | null }): Promise<BoardChoices> {
    const rows = (await this.reads.query(
      `SELECT 'c' AS kind, o.insee_code AS code, count(*)::int AS n, min(o.city) AS name
         FROM job_offers o JOIN employers e ON e.id = o.employer_id
        WHERE ${PUBLIC_VISIBLE} GROUP BY o.insee_code
       UNION ALL
       SELECT 'e', o.epci_code, count(*)::int, ''
         FROM job_offers o JOIN employers e ON e.id = o.employer_id
        WHERE ${PUBLIC_VISIBLE} AND o.epci_code IS NOT NULL GROUP BY o.epci_code`,
      [this.clock.now()],
    )) as { kind: 'c' | 'e'; code: string; n: number; name: string }[];
    const communes: BoardPlace[] = [];
    const epcis: BoardPlace[] = [];
    for (const r of rows) {
      if (r.kind === 'c') communes.push({ code: r.code, name: r.name, offers: r.n });
      else {
        // Offers store the EPCI code only; the name is the official one.
        const name = findEpciName(r.code);
        if (name) epcis.push({ code: r.code, name, offers: r.n });
      }
    }
    const place = (list: BoardPlace[], code: string | null, nameOf: () => string | undefined) => {
      const kept = list.sort((a, b) => b.offers - a.offers).slice(0, MAX_CHOICES);
      if (code && !kept.some((x) => x.code === code)) {
        const name = nameOf();
        if (name) kept.push({ code, name, offers: list.find((x) => x.code === code)?.offers ?? 0 });
      }
      return kept.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    };
    return {
      communes: place(communes, keep.commune, () =>
        keep.commune ? findCommune(keep.commune)?.name : undefined,
      ),
      epcis: place(epcis, keep.epci, () => (keep.epci ? findEpciName(keep.epci) : undefined)),
    };
  }

  /**
   * Changes whenever what the public list and board show may have changed (ADR 1601): the
   * counter the job_offers and employers triggers bump at each commit (migration
   * 1797100000100), and the latest expiry already passed — an offer leaves the board at its
   * expiry instant, before the daily job marks it expired. One row and one index probe.
   *
   * Read where the list itself is read (a replica in GET requests, ADR 1610): read on the primary
   * while the list came from a lagging replica, a fresh version would have labelled, and cached,
   * a stale list until the next change (found by the replica resilience test).
   */
  async version(): Promise<string> {
    const [row] = (await this.reads.query(
      `SELECT v.version,
              (SELECT max(o.expires_at) FROM job_offers o
                WHERE o.status = 'published' AND o.expires_at <= $1) AS expired
         FROM public_offers_version v`,
      [this.clock.now()],
    )) as { version: string; expired: Date | null }[];
    return `${row?.version ?? 0}.${row?.expired?.getTime() ?? 0}`;
  }

  /** Why an offer without a public page has none: 410 once it has been published, else 404. */
  async absence(id: string): Promise<OfferAbsence> {
    const rows = (await this.reads.query(
      `SELECT o.status IN ('filled', 'closed', 'expired')
              OR (o.status = 'published' AND o.expires_at <= $2) AS gone
         FROM job_offers o WHERE o.id = $1`,
      [id, this.clock.now()],
    )) as { gone: boolean }[];
    return rows[0]?.gone ? 'gone' : 'not_found';
  }

  /** Visible offers for the sitemap, oldest id first, `limit` from `offset`. */
  async sitemapEntries(offset: number, limit: number): Promise<SitemapEntry[]> {
    const rows = (await this.reads.query(
      `SELECT o.id, o.updated_at FROM job_offers o JOIN employers e ON e.id = o.employer_id
        WHERE ${PUBLIC_VISIBLE} ORDER BY o.id LIMIT $2 OFFSET $3`,
      [this.clock.now(), limit, offset],
    )) as { id: string; updated_at: Date }[];
    return rows.map((r) => ({ id: r.id, lastmod: r.updated_at.toISOString() }));
  }

  /** How many offers are visible, and when the newest of them changed (the board's lastmod). */
  async sitemapSummary(): Promise<{ count: number; lastmod: string | null }> {
    const [row] = (await this.reads.query(
      `SELECT count(*)::int AS n, max(o.updated_at) AS at
         FROM job_offers o JOIN employers e ON e.id = o.employer_id WHERE ${PUBLIC_VISIBLE}`,
      [this.clock.now()],
    )) as { n: number; at: Date | null }[];
    return { count: row?.n ?? 0, lastmod: row?.at?.toISOString() ?? null };
  }
}
