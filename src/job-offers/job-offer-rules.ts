import type { FieldError } from '../common/domain-error.js';
import type { WorkingTime } from './job-offer.entity.js';

/** Legal weekly maximum (Code du travail L3121-20). */
export const MAX_WEEKLY_HOURS = 48;
/** Legal full-time week: a part-time offer is below it. */
export const FULL_TIME_WEEKLY_HOURS = 35;
/** An offer published without an expiry stays visible this long. */
export const DEFAULT_VALIDITY_DAYS = 60;

export const ROME_CODE = /^[A-N]\d{4}$/;
/** The working time that weekly hours mean: part time below the legal full-time week. */
export function workingTimeOf(weeklyHours: number): WorkingTime {
  return weeklyHours < FULL_TIME_WEEKLY_HOURS ? 'part_time' : 'full_time';
}

/** Working time and weekly hours must agree; part time needs its hours. */
export function checkWorkingTime(
  workingTime: WorkingTime,
  weeklyHours: number | null,
): FieldError[] {
  if (weeklyHours === null) {
    return workingTime === 'part_time'
      ? [{ field: 'weeklyHours', message: 'is required for a part-time offer' }]
      : [];
  }
  if (weeklyHours <= 0 || weeklyHours > MAX_WEEKLY_HOURS) {
    return [{ field: 'weeklyHours', message: `must be above 0 and at most ${MAX_WEEKLY_HOURS}` }];
  }
  if (workingTime === 'full_time' && weeklyHours < FULL_TIME_WEEKLY_HOURS) {
    return [
      {
        field: 'workingTime',
        message: `${weeklyHours} h par semaine est un temps partiel (temps plein : ${FULL_TIME_WEEKLY_HOURS} h ou plus) ; indiquez part_time ou omettez workingTime`,
      },
    ];
  }
  if (workingTime === 'part_time' && weeklyHours >= FULL_TIME_WEEKLY_HOURS) {
    return [
      {
        field: 'weeklyHours',
        message: `must be below ${FULL_TIME_WEEKLY_HOURS} for a part-time offer`,
      },
    ];
  }
  return [];
}

/** The expiry an offer gets when published without one. */
export function defaultExpiry(publishedAt: Date): Date {
  return new Date(publishedAt.getTime() + DEFAULT_VALIDITY_DAYS * 86_400_000);
}
