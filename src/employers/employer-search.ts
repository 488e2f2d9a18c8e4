import { DomainError } from '../common/domain-error.js';
import { decodeCursor } from '../common/pagination.js';
import { isUuid } from '../common/uuid.pipe.js';
import {
  EMPLOYER_SELECT,
  FUZZY_CANDIDATES,
  LEGAL_KEY,
  NAME_DOC,
  TRADE_KEY,
  type SqlWhere,
} from './employer-sql.js';

/** Where a page of a name search ended: in the name-prefix tier, or in the typo tier. */
type SearchCursor = { tier: 'p'; key: string; id: string } | { tier: 'f'; sim: number; id: string };

/** A row of a name search: `sortTier` 0 (prefix, `sortKey` the name) or 1 (typo, `sortSim`). */
export interface SearchSortKey {
  id: string;
  sortKey: string | number | null;
  sortTier?: number | null;
  sortSim?: number | null;
}

function decodeSearchCursor(cursor: string | undefined): SearchCursor | null {
  const v = decodeCursor(cursor, 3);
  if (!v) return null;
  const [tier, key, id] = v;
  if (tier === 'p' && typeof key === 'string' && isUuid(id)) return { tier, key, id: id as string };
  if (tier === 'f' && typeof key === 'number' && Number.isFinite(key) && isUuid(id))
    return { tier, sim: key, id: id as string };
  throw DomainError.invalid('cursor', 'cursor is not valid');
}

export function searchCursorOf(r: SearchSortKey): (string | number | null)[] {
  return r.sortTier === 1 ? ['f', r.sortSim ?? null, r.id] : ['p', r.sortKey, r.id];
}

/**
 * Name search, ranked in tiers (docs/employers.md, ADR 1600):
 *
 * 0. the normalised legal or trade name **starts with** the normalised query, ordered by that
 *    name (byte order) then id — an exact match sorts first, being the shortest such name. Two
 *    btree range scans (legal, trade) each stop after `limit` rows; an employer found by both
 *    keeps its smaller name.
 * 1. only when tier 0 does not fill the page: names holding the query (`LIKE '%…%'`) or close to
 *    it (`<%`, word similarity ≥ 0.6, typos), found through the trigram index, at most
 *    FUZZY_CANDIDATES of them, ranked by word similarity then id.
 *
 * `w` holds the filters (status, EPCI, literal `%`/`_`…) and receives the parameters.
 */
export function nameSearchSql(
  w: SqlWhere,
  text: string,
  cursor: string | undefined,
  limit: number,
): string {
  const after = decodeSearchCursor(cursor);
  const q = w.param(text);
  const plain = `btrim(f_normalize(${q}::text))`;
  const t = `${plain} COLLATE "C"`;
  // Normalised names hold only [a-z0-9 ], so "starts with t" is the range [t, t || '~'): an index
  // range in the branches that read the prefix indexes, a plain test (`starts_with`, which the
  // planner does not turn into an index range) where it only excludes.
  const starts = (key: string) => `(${key} >= ${t} AND ${key} < ${t} || '~')`;
  const startsTest = (key: string) => `starts_with(${key}, ${plain})`;
  const n = w.param(limit);
  let prefix: string;
  if (after?.tier === 'f') {
    prefix = `SELECT NULL::uuid AS id, NULL::text COLLATE "C" AS k WHERE false`;
  } else {
    const branch = (key: string, other: string, otherFirst: string, extra: string[]) => {
      const conds = [...extra, starts(key)];
      if (after) {
        const ck = `${w.param(after.key)}::text COLLATE "C"`;
        const cid = `${w.param(after.id)}::uuid`;
        conds.push(`(${key}, e.id) > (${ck}, ${cid})`);
        // Already shown on an earlier page under its other (smaller) name.
        conds.push(
          `NOT coalesce(${startsTest(other)} AND ${otherFirst} AND (${other}, e.id) <= (${ck}, ${cid}), false)`,
        );
      }
      return `(SELECT e.id, ${key} AS k FROM employers e ${w.with(...conds)} ORDER BY ${key}, e.id LIMIT ${n})`;
    };
    prefix = `${branch(LEGAL_KEY, TRADE_KEY, `${TRADE_KEY} < ${LEGAL_KEY}`, [])}
      UNION ALL
      ${branch(TRADE_KEY, LEGAL_KEY, `${LEGAL_KEY} <= ${TRADE_KEY}`, ['e.trade_name IS NOT NULL'])}`;
  }
  const sim = `word_similarity(${plain}, ${NAME_DOC})`;
  const fuzzyConds = [
    `(${plain} <% ${NAME_DOC} OR ${NAME_DOC} LIKE '%' || ${plain} || '%')`,
    `NOT ${startsTest(LEGAL_KEY)}`,
    `NOT coalesce(${startsTest(TRADE_KEY)}, false)`,
    // Only when the prefix tier leaves room on the page (a one-time filter: otherwise the
    // trigram index is not even read).
    `(SELECT count(DISTINCT id) FROM p) < ${n}`,
  ];
  if (after?.tier === 'f') {
    const s = `${w.param(after.sim)}::real`;
    fuzzyConds.push(`(${sim} < ${s} OR (${sim} = ${s} AND e.id > ${w.param(after.id)}::uuid))`);
  }
  return `WITH p AS MATERIALIZED (${prefix}),
    f AS (
      SELECT c.id, word_similarity(${plain}, c.search_name) AS s
        FROM (SELECT e.id, ${NAME_DOC} FROM employers e ${w.with(...fuzzyConds)}
               LIMIT ${FUZZY_CANDIDATES}) c
       ORDER BY s DESC, c.id LIMIT ${n}),
    r AS (
      SELECT d.id, 0 AS tier, d.k, NULL::real AS s
        FROM (SELECT DISTINCT ON (id) id, k FROM p ORDER BY id, k) d
      UNION ALL
      SELECT f.id, 1, NULL, f.s FROM f)
    SELECT ${EMPLOYER_SELECT}, r.tier AS "sortTier", r.k AS "sortKey", r.s AS "sortSim"
      FROM r JOIN employers e ON e.id = r.id
     ORDER BY r.tier, r.k, r.s DESC, r.id
     LIMIT ${n}`;
}
