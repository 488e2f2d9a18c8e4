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
 * Name search, ranked in tiers (docs/employers.md, ADR 1600), in two statements (the second only
 * when the first leaves room on the page):
 *
 * 0. `namePrefixSql`: the normalised legal or trade name **starts with** the normalised query,
 *    ordered by that name (byte order) then id — an exact match sorts first, being the shortest
 *    such name. Two btree range scans (legal, trade) each stop after `limit` rows; an employer
 *    found by both keeps its smaller name.
 * 1. `nameFuzzySql`: names holding the query (`LIKE '%…%'`) or close to it (`<%`, word similarity
 *    ≥ 0.6, typos) but not starting with it, found through the trigram index, at most
 *    FUZZY_CANDIDATES of them, ranked by word similarity then id.
 *
 * Two statements rather than one: the one statement that held both tiers cost PostgreSQL 0.83 ms
 * to plan for 0.32 ms of execution on a name fragment; the prefix statement alone plans in about
 * 0.2 ms, and a fragment that fills the page never pays for the typo tier's plan (ADR 1600).
 *
 * `w` holds the filters (status, EPCI, literal `%`/`_`…) and receives the parameters: each
 * statement needs its own.
 */
export interface NameSearch {
  /** The prefix tier's statement, or null when the cursor is already past it. */
  prefix: ((w: SqlWhere) => string) | null;
  /** The typo tier's statement, for the room left on the page. */
  fuzzy: (w: SqlWhere, room: number) => string;
}

export function nameSearch(text: string, cursor: string | undefined, limit: number): NameSearch {
  const after = decodeSearchCursor(cursor);
  const normalised = (w: SqlWhere) => `btrim(f_normalize(${w.param(text)}::text))`;
  return {
    prefix: after?.tier === 'f' ? null : (w) => namePrefixSql(w, normalised(w), after, limit),
    fuzzy: (w, room) => nameFuzzySql(w, normalised(w), after?.tier === 'f' ? after : null, room),
  };
}

// Normalised names hold only [a-z0-9 ], so "starts with t" is the range [t, t || '~'): an index
// range in the branches that read the prefix indexes, a plain test (`starts_with`, which the
// planner does not turn into an index range) where it only excludes.
const startsTest = (key: string, plain: string) => `starts_with(${key}, ${plain})`;

function namePrefixSql(
  w: SqlWhere,
  plain: string,
  after: { key: string; id: string } | null,
  limit: number,
): string {
  const t = `${plain} COLLATE "C"`;
  const starts = (key: string) => `(${key} >= ${t} AND ${key} < ${t} || '~')`;
  const n = w.param(limit);
  const branch = (key: string, other: string, otherFirst: string, extra: string[]) => {
    const conds = [...extra, starts(key)];
    if (after) {
      const ck = `${w.param(after.key)}::text COLLATE "C"`;
      const cid = `${w.param(after.id)}::uuid`;
      conds.push(`(${key}, e.id) > (${ck}, ${cid})`);
      // Already shown on an earlier page under its other (smaller) name.
      conds.push(
        `NOT coalesce(${startsTest(other, plain)} AND ${otherFirst} AND (${other}, e.id) <= (${ck}, ${cid}), false)`,
      );
    }
    return `(SELECT e.id, ${key} AS k FROM employers e ${w.with(...conds)} ORDER BY ${key}, e.id LIMIT ${n})`;
  };
  return `SELECT ${EMPLOYER_SELECT}, 0 AS "sortTier", d.k AS "sortKey", NULL::real AS "sortSim"
      FROM (SELECT DISTINCT ON (id) id, k
              FROM (${branch(LEGAL_KEY, TRADE_KEY, `${TRADE_KEY} < ${LEGAL_KEY}`, [])}
                    UNION ALL
                    ${branch(TRADE_KEY, LEGAL_KEY, `${LEGAL_KEY} <= ${TRADE_KEY}`, ['e.trade_name IS NOT NULL'])}) u
             ORDER BY id, k) d
      JOIN employers e ON e.id = d.id
     ORDER BY d.k, d.id
     LIMIT ${n}`;
}

function nameFuzzySql(
  w: SqlWhere,
  plain: string,
  after: { sim: number; id: string } | null,
  room: number,
): string {
  const sim = `word_similarity(${plain}, ${NAME_DOC})`;
  const conds = [
    `(${plain} <% ${NAME_DOC} OR ${NAME_DOC} LIKE '%' || ${plain} || '%')`,
    `NOT ${startsTest(LEGAL_KEY, plain)}`,
    `NOT coalesce(${startsTest(TRADE_KEY, plain)}, false)`,
  ];
  if (after) {
    const s = `${w.param(after.sim)}::real`;
    conds.push(`(${sim} < ${s} OR (${sim} = ${s} AND e.id > ${w.param(after.id)}::uuid))`);
  }
  return `SELECT ${EMPLOYER_SELECT}, 1 AS "sortTier", NULL::text AS "sortKey", f.s AS "sortSim"
      FROM (SELECT c.id, word_similarity(${plain}, c.search_name) AS s
              FROM (SELECT e.id, ${NAME_DOC} FROM employers e ${w.with(...conds)}
                     LIMIT ${FUZZY_CANDIDATES}) c
             ORDER BY s DESC, c.id LIMIT ${w.param(room)}) f
      JOIN employers e ON e.id = f.id
     ORDER BY f.s DESC, f.id`;
}
