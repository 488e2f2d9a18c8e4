import type { FieldError } from '../common/domain-error.js';

/** Clock skew tolerated between an adviser's device and the server for "not in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface InteractionTiming {
  occurredAt: Date;
  nextActionAt: Date | null;
  nextAction: string | null;
}

/** An interaction happened (not in the future); a next action has a date not before it. */
export function checkInteractionTiming(t: InteractionTiming, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (t.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    errors.push({ field: 'occurredAt', message: 'must not be in the future' });
  if (t.nextActionAt && t.nextActionAt.getTime() < t.occurredAt.getTime())
    errors.push({ field: 'nextActionAt', message: 'must not be before occurredAt' });
  if (t.nextAction && !t.nextActionAt)
    errors.push({ field: 'nextActionAt', message: 'is required with nextAction' });
  return errors;
}

/** Only the author or a manager (or admin) may change or delete an interaction. */
export function canEditInteraction(
  actor: { id: string; role: 'admin' | 'manager' | 'adviser' },
  authorId: string,
): boolean {
  return actor.id === authorId || actor.role === 'manager' || actor.role === 'admin';
}

/** De-duplicated needs, in the order given. */
export function uniqueNeeds<T extends string>(needs: readonly T[]): T[] {
  return [...new Set(needs)];
}
