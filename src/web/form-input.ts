import { dateTimeFormat } from '../common/clock.js';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../common/domain-error.js';
import { flattenValidationErrors } from '../common/validation.js';
import type { FieldErrors } from './components/form.js';
import { formErrorsOf } from './messages.js';

/** An `application/x-www-form-urlencoded` body as Express parses it (repeated names: arrays). */
export type FormBody = Record<string, string | string[] | undefined>;

export interface FormShape {
  /** Fields holding a number: "35", "17,5" (French decimal comma) or "17.5". */
  numbers?: readonly string[];
  /** Fields that are lists even with one value (checkboxes, multiple selects). */
  lists?: readonly string[];
  /** Optional fields an edit form clears: empty means null (remove the value), not "unchanged". */
  nullWhenEmpty?: readonly string[];
}

function toNumber(raw: string): number | string {
  const n = Number(raw.trim().replace(/\s/g, '').replace(',', '.'));
  // What is not a number stays text, so that validation names the field.
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/**
 * A form's fields as the API's request body: `_csrf` dropped, empty fields absent (a form sends
 * every field; the API treats a missing one as "not given"), numbers converted, dotted names
 * nested (`place.label` → `{ place: { label } }`).
 */
export function formToBody(form: FormBody, shape: FormShape = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form ?? {})) {
    if (name === '_csrf' || raw === undefined) continue;
    let value: unknown;
    if (shape.lists?.includes(name)) {
      value = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
    } else {
      // A single field sent twice (a tampered form) is refused by validation as a list.
      if (typeof raw === 'string' && raw.trim() === '') {
        if (shape.nullWhenEmpty?.includes(name)) body[name] = null;
        continue;
      }
      value = typeof raw === 'string' && shape.numbers?.includes(name) ? toNumber(raw) : raw;
    }
    const path = name.split('.');
    let target = body;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1]!] = value;
  }
  return body;
}

/**
 * A form validated against the API's DTO with the API's rules (whitelist, no unknown field):
 * the DTO, or a `VALIDATION_FAILED` DomainError whose field errors the page shows beside each field.
 */
export function readForm<T extends object>(
  dto: ClassConstructor<T>,
  form: FormBody,
  shape: FormShape = {},
): Promise<T> {
  return readBody(dto, formToBody(form, shape));
}

/** A body the controller assembled (lists of objects, say) checked against the API's DTO. */
export async function readBody<T extends object>(
  dto: ClassConstructor<T>,
  body: Record<string, unknown>,
): Promise<T> {
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
  });
  if (errors.length)
    throw new DomainError(
      'VALIDATION_FAILED',
      'The form is not valid',
      {},
      flattenValidationErrors(errors),
    );
  return instance;
}

/**
 * A failed form post as the page shows it: field errors (400) or, for a conflict such as a
 * transition no longer allowed or a stale version, a sentence in the summary (409). Anything else
 * (a record that does not exist, a bug) goes on to the error pages.
 */
export function formFailure(
  err: unknown,
  labels: Record<string, string>,
): { status: number; errors: FieldErrors } {
  if (!(err instanceof DomainError) || err.code === 'NOT_FOUND') throw err;
  return {
    status: err.code === 'VALIDATION_FAILED' ? 400 : 409,
    errors: formErrorsOf(err, labels),
  };
}

/**
 * The instant a `datetime-local` value (`2026-12-03T09:30`) names in `timeZone`, as ISO 8601 with
 * its offset (`2026-12-03T09:30:00+01:00`), or null when the value is not a local date-time.
 */
export function instantFromLocal(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(asUtc).getUTCDate() !== d || h > 23 || mi > 59) return null;
  const offsetAt = (t: number) => {
    const name = dateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(t))
      .find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00", "GMT"
    const o = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    return o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 0;
  };
  // The offset at the guessed instant, then again at the corrected one (daylight saving edges).
  let offset = offsetAt(asUtc - offsetAt(asUtc) * 60_000);
  offset = offsetAt(asUtc - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${hh}:${mm}`;
}
