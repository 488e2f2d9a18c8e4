import { DomainError } from '../common/domain-error.js';
import { checkCommune } from '../reference/communes.js';
import type { Attendance } from './event-participant.entity.js';

export interface PlaceInput {
  inseeCode?: string | null;
  label?: string | null;
}

/** The place of an event: an optional commune (checked against the official list) and a free label. */
export function normalisePlace(place: PlaceInput | null | undefined): {
  inseeCode: string | null;
  placeLabel: string | null;
} {
  const inseeCode = place?.inseeCode?.trim() || null;
  const placeLabel = place?.label?.trim() || null;
  if (inseeCode) {
    const check = checkCommune(inseeCode);
    if (!check.ok) throw DomainError.invalid('place.inseeCode', check.message);
  }
  return { inseeCode, placeLabel };
}

/** Attendance is only known once the event has started; before it a young person is registered. */
export function checkAttendance(attendance: Attendance, startsAt: Date, now: Date): void {
  if (attendance !== 'registered' && startsAt.getTime() > now.getTime()) {
    throw new DomainError(
      'EVENT_NOT_STARTED',
      'Attendance (attended or absent) can only be recorded once the event has started',
    );
  }
}

/** Young people beyond the capacity are refused; capacity null means unlimited. */
export function checkCapacity(capacity: number | null, registeredAfter: number): void {
  if (capacity !== null && registeredAfter > capacity) {
    throw new DomainError(
      'EVENT_FULL',
      `The event is full: capacity ${capacity}, ${registeredAfter} young people would be registered`,
      { capacity },
    );
  }
}

/** The offers an employer brings must be its own. */
export function foreignOfferIds(
  requested: string[],
  ownedByEmployer: ReadonlySet<string>,
): string[] {
  return requested.filter((id) => !ownedByEmployer.has(id));
}
