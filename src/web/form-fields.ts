import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../common/domain-error.js';
import { flatten } from '../common/validation.js';

// Web forms post strings; the domain services take the API's DTOs. These helpers turn a form's
// body into a DTO checked by the same class-validator rules as the API (whitelist included), so a
// form and a JSON request are refused for the same reasons, and the refusal is a DomainError the
// page turns into French messages beside the fields (messages.ts).

/** A form's fields without the CSRF token. */
export function formFields(body: unknown): Record<string, unknown> {
  const { _csrf: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
  return rest;
}

/** '' → undefined (the field was left empty); "12" → 12; anything else stays for the validator. */
export function intField(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return undefined;
  return /^-?\d{1,9}$/.test(s) ? Number(s) : s;
}

/** A text field: trimmed; empty is absent. */
export function textField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  return s === '' ? undefined : s;
}

/** "7, 14" → [7, 14]; '' → undefined; a part that is not a whole number stays for the validator. */
export function intListField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return undefined;
  return s
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(intField);
}

/**
 * The DTO of `cls` from plain values, validated like the API's ValidationPipe does it; a
 * VALIDATION_FAILED DomainError with the API's field names when something is wrong.
 */
export async function toDto<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
): Promise<T> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  const dto = plainToInstance(cls, defined, { enableImplicitConversion: false });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length)
    throw new DomainError('VALIDATION_FAILED', 'The form is not valid', {}, flatten(errors));
  return dto;
}
