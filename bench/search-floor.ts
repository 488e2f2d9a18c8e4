// The floor of the employer name search: not the service's own SQL replayed, but the fastest SQL
// written by hand for the same answer (docs/performance.md, ADR 1600) — the first page (25
// employers) ranked names-starting-with-the-query first, in name order, then typo matches by word
// similarity.
import type pg from 'pg';
import { EMPLOYER_SELECT } from '../src/employers/employer-sql.js';
import type { Captured } from './floor.js';

const PAGE = 25;
const LEGAL = `btrim(f_normalize(e.legal_name)) COLLATE "C"`;
const TRADE = `btrim(f_normalize(e.trade_name)) COLLATE "C"`;

/**
 * Tier 1, names starting with the query: one range scan per prefix index, each stopping after a
 * page, merged. `$1` is the query already normalised (the bench computes it once, as a client
 * would); no similarity is computed.
 */
const PREFIX = `
  SELECT ${EMPLOYER_SELECT}
    FROM (SELECT DISTINCT ON (id) id, k
            FROM ((SELECT e.id, ${LEGAL} AS k FROM employers e
                    WHERE e.status <> 'archived' AND ${LEGAL} >= $1 AND ${LEGAL} < $1 || '~'
                    ORDER BY ${LEGAL}, e.id LIMIT ${PAGE})
                  UNION ALL
                  (SELECT e.id, ${TRADE} FROM employers e
                    WHERE e.trade_name IS NOT NULL AND e.status <> 'archived'
                      AND ${TRADE} >= $1 AND ${TRADE} < $1 || '~'
                    ORDER BY ${TRADE}, e.id LIMIT ${PAGE})) u
           ORDER BY id, k) d
    JOIN employers e ON e.id = d.id
   ORDER BY d.k, d.id
   LIMIT ${PAGE}`;

/**
 * Tier 2, only needed when tier 1 leaves room: trigram candidates (similar or containing the
 * query) outside tier 1, at most 500, scored by word similarity.
 */
const FUZZY = `
  SELECT ${EMPLOYER_SELECT}
    FROM (SELECT c.id, word_similarity($1, c.search_name) AS s
            FROM (SELECT e.id, e.search_name FROM employers e
                   WHERE e.status <> 'archived'
                     AND ($1 <% e.search_name OR e.search_name LIKE '%' || $1 || '%')
                     AND NOT starts_with(${LEGAL}, $1)
                     AND NOT coalesce(starts_with(${TRADE}, $1), false)
                   LIMIT 500) c
           ORDER BY s DESC, c.id
           LIMIT $2) f
    JOIN employers e ON e.id = f.id
   ORDER BY f.s DESC, f.id`;

/**
 * The statements of the floor for a query, and the ids of the page they give (to check that the
 * floor and the service answer the same). Tier 2 is replayed only when tier 1 does not fill the
 * page, with the room left — as a hand-written client would.
 */
export async function searchFloor(
  db: pg.Client,
  q: string,
): Promise<{ statements: Captured[]; ids: string[] }> {
  const norm = (
    await db.query<{ t: string }>(`SELECT btrim(f_normalize($1::text)) COLLATE "C" AS t`, [q])
  ).rows[0]!.t;
  const prefix: Captured = { query: PREFIX, parameters: [norm] };
  const first = (await db.query<{ id: string }>(prefix.query, prefix.parameters)).rows;
  if (first.length >= PAGE) return { statements: [prefix], ids: first.map((r) => r.id) };
  const fuzzy: Captured = { query: FUZZY, parameters: [norm, PAGE - first.length] };
  const rest = (await db.query<{ id: string }>(fuzzy.query, fuzzy.parameters)).rows;
  return { statements: [prefix, fuzzy], ids: [...first, ...rest].map((r) => r.id) };
}
