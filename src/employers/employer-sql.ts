import type { EmployerRow } from './employers.dto.js';

/** The columns a response needs, as camelCase aliases: list queries select exactly these. */
export const EMPLOYER_SELECT = `
  e.id, e.siret, e.siren, e.legal_name AS "legalName", e.trade_name AS "tradeName",
  e.naf_code AS "nafCode", e.naf_version AS "nafVersion", e.headcount_band AS "headcountBand", e.street,
  e.postal_code AS "postalCode", e.insee_code AS "inseeCode", e.city, e.epci_code AS "epciCode",
  e.epci_name AS "epciName", e.qpv, e.frr, e.status, e.referent_id AS "referentId", e.source,
  e.tags, e.notes, e.last_interaction_at AS "lastInteractionAt", e.closed_at AS "closedAt",
  e.merged_into_id AS "mergedIntoId", e.version, e.created_at AS "createdAt",
  e.updated_at AS "updatedAt"`;

// The stored normalised name the trigram index employers_name_trgm_idx is built on.
export const NAME_DOC = 'e.search_name';

/**
 * The normalised legal and trade names, byte-ordered: the expressions of the btree indexes
 * employers_legal_prefix_idx and employers_trade_prefix_idx (migration 1797100000000), which
 * answer "a name starts with …" as a range scan already in name order.
 */
export const LEGAL_KEY = `btrim(f_normalize(e.legal_name)) COLLATE "C"`;
export const TRADE_KEY = `btrim(f_normalize(e.trade_name)) COLLATE "C"`;

/** Candidates the typo tier scores at most (docs/employers.md, ADR 1600). */
export const FUZZY_CANDIDATES = 500;

/** Accumulates WHERE conditions with positional parameters. */
export class SqlWhere {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }

  /** A WHERE clause with these conditions and some more, for one branch of a query. */
  with(...more: string[]): string {
    const all = [...this.conditions, ...more];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  }
}

/** pg returns char(n) padded and numbers as numbers already; only the row type needs asserting. */
export function asEmployerRows(rows: unknown[]): EmployerRow[] {
  return rows as EmployerRow[];
}
