import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { zoneOffsetMs } from '../common/clock.js';
import type { FieldErrors } from './components/form.js';

// Reading forms: HTML sends text; the domain services take the API's DTOs. These helpers turn
// form text into DTO values under the same field names, then validate with the DTO's own rules
// and say what is wrong in French.

type Body = Record<string, unknown>;

/** The trimmed text of a field; undefined when absent or blank (so the API default applies). */
export function text(body: Body, name: string): string | undefined {
  const v = body[name];
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s ? s : undefined;
}

/** Like `text`, but a blank field means "clear it" (null), as in a PATCH. */
export function nullableText(body: Body, name: string): string | null {
  return text(body, name) ?? null;
}

/** Every value of a multi-valued field (checkboxes, multiple select), blanks dropped. */
export function list(body: Body, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim());
}

/** Comma-separated words ("BTP, alternance") as a list. */
export function commaList(body: Body, name: string): string[] {
  return (text(body, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A checkbox: present means true. */
export function checkbox(body: Body, name: string): boolean {
  return body[name] !== undefined;
}

/** A whole number, or the raw text when it is not one (the DTO's validation will say so). */
export function integer(body: Body, name: string): number | string | undefined {
  const s = text(body, name);
  if (s === undefined) return undefined;
  return /^-?\d+$/.test(s) ? Number(s) : s;
}

/**
 * A `datetime-local` value (`2026-11-30T14:05`, wall-clock time in `timeZone`) as an instant with
 * its offset, as the API wants; the raw text when it is not such a value.
 */
export function localDateTime(body: Body, name: string, timeZone: string): string | undefined {
  const s = text(body, name);
  if (s === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
  if (!m) return s;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that wall-clock time (twice: DST changes move the answer).
  let instant = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  instant = asUtc - zoneOffsetMs(new Date(instant), timeZone);
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return s;
  return date.toISOString();
}

/** A French sentence for one failed class-validator constraint on a field labelled `label`. */
export function constraintMessage(constraint: string, english: string, label: string): string {
  const n = /(\d+)/.exec(english)?.[1];
  switch (constraint) {
    case 'isNotEmpty':
    case 'isDefined':
      return `Renseignez « ${label} ».`;
    case 'minLength':
      return n === '1'
        ? `Renseignez « ${label} ».`
        : `« ${label} » doit compter au moins ${n} caractères.`;
    case 'maxLength':
      return `« ${label} » doit compter au plus ${n} caractères.`;
    case 'arrayMaxSize':
      return `Choisissez au plus ${n} valeurs pour « ${label} ».`;
    case 'isIn':
    case 'isEnum':
    case 'isUuid':
    case 'isUUID':
      return `Choisissez une valeur de la liste pour « ${label} ».`;
    case 'isInt':
    case 'isNumber':
      return `« ${label} » doit être un nombre entier.`;
    case 'min':
      return `« ${label} » doit valoir au moins ${n}.`;
    case 'max':
      return `« ${label} » doit valoir au plus ${n}.`;
    case 'isIso8601':
    case 'isISO8601':
    case 'isDateString':
      return `Saisissez une date valide pour « ${label} ».`;
    case 'isEmail':
      return `Saisissez une adresse e-mail valide pour « ${label} », comme nom@exemple.fr.`;
    case 'whitelistValidation':
      return 'Ce champ n’est pas attendu.';
    default:
      if (/postalCode/.test(english)) return 'Saisissez un code postal à 5 chiffres.';
      if (/^phone /.test(english))
        return 'Saisissez un numéro de téléphone, par exemple 03 81 00 00 00.';
      if (/inseeCode/.test(english)) return 'Saisissez un code commune INSEE à 5 caractères.';
      if (/timestamp|date/.test(english)) return `Saisissez une date valide pour « ${label} ».`;
      return `La valeur de « ${label} » n’est pas acceptée.`;
  }
}

function flatten(
  errors: ValidationError[],
  labels: Record<string, string>,
  parent = '',
): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const first = Object.entries(e.constraints ?? {})[0];
    if (first && !out[field])
      out[field] = constraintMessage(first[0], first[1], labels[field] ?? field);
    Object.assign(out, flatten(e.children ?? [], labels, field));
  }
  return out;
}

/**
 * The form's values as the API's DTO, validated by the DTO's own decorators (whitelist: a field
 * the DTO does not know is an error, as in the API). French errors keyed by API field name.
 */
export async function toDto<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  labels: Record<string, string>,
): Promise<{ dto: T; errors: null } | { dto: null; errors: FieldErrors }> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  const dto = plainToInstance(cls, defined, { enableImplicitConversion: false });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) return { dto: null, errors: flatten(errors, labels) };
  return { dto, errors: null };
}
