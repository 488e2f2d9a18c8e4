import { FUTURE_TOLERANCE_MS } from '../contacts/interaction-rules.js';

// Last contact and dormancy, defined once: the employer list and page, the morning digest, the
// timeline, events and the interaction log all go through these (docs/employers.md).

/**
 * The latest instant that counts as a contact at `now`: an interaction counts once it has
 * happened, with the clock skew tolerated when an adviser logs one. A planned event (next
 * month's job fair) is not a contact until its day; the sweep moves the last contact to it then.
 */
export function contactHorizon(now: Date): Date {
  return new Date(now.getTime() + FUTURE_TOLERANCE_MS);
}

/** `employers.last_interaction_at` of the employers in `$1` (uuid[]), re-derived; `$2` is the horizon. */
export const RECOMPUTE_LAST_CONTACT_SQL = `UPDATE employers e
    SET last_interaction_at = (SELECT max(i.occurred_at) FROM interactions i
                                WHERE i.employer_id = e.id AND i.occurred_at <= $2)
  WHERE e.id = ANY($1::uuid[])`;

export function dormantCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export interface EmployerActivity {
  status: string;
  lastInteractionAt: Date | null;
  createdAt: Date;
}

/**
 * Dormant: not archived and no contact for `days` days, counted from creation for an employer
 * never contacted (a record created yesterday has not been left without contact yet).
 */
export function isDormant(e: EmployerActivity, now: Date, days: number): boolean {
  return (
    e.status !== 'archived' &&
    (e.lastInteractionAt ?? e.createdAt).getTime() < dormantCutoff(now, days).getTime()
  );
}

/**
 * The SQL form of `isDormant` for the employers row `alias`; `cutoff` is the placeholder bound to
 * `dormantCutoff()`. The coalesce is the `employers_activity_idx` expression.
 */
export function dormantSql(alias: string, cutoff: string): string {
  return `(${alias}.status <> 'archived' AND coalesce(${alias}.last_interaction_at, ${alias}.created_at) < ${cutoff})`;
}
