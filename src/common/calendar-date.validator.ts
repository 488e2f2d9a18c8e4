import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './clock.js';

/** Dates the service accepts: real calendar dates, in years date arithmetic stays sane in. */
export function isAcceptedDate(value: unknown): value is string {
  return (
    typeof value === 'string' && isIsoDate(value) && value >= '1900-01-01' && value <= '2199-12-31'
  );
}

/** A real calendar date written YYYY-MM-DD between 1900 and 2199 (2026-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isAcceptedDate(value),
        defaultMessage: () => '$property must be a date written YYYY-MM-DD, between 1900 and 2199',
      },
    },
    options,
  );
}
