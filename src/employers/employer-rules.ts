import type { FieldError } from '../common/domain-error.js';
import { allCommunes, checkCommune } from '../reference/communes.js';
import { isNafCode, NAF_VERSIONS, type NafVersion, nafVersionOf } from '../reference/naf.js';
import { isValidSiret, normalizeSiret, sirenOf } from '../reference/siret.js';

/** INSEE "tranche d'effectif salarié" codes (NN: no employee on payroll). */
export const HEADCOUNT_BANDS = [
  'NN',
  '00',
  '01',
  '02',
  '03',
  '11',
  '12',
  '21',
  '22',
  '31',
  '32',
  '41',
  '42',
  '51',
  '52',
  '53',
] as const;

export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 50;

/** The employer fields a person (or a CSV row) may set, before checks. `undefined`: not given. */
export interface EmployerInput {
  siret?: string | null;
  legalName?: string;
  tradeName?: string | null;
  nafCode?: string | null;
  nafVersion?: NafVersion | null;
  headcountBand?: string | null;
  street?: string | null;
  postalCode?: string | null;
  inseeCode?: string | null;
  city?: string | null;
  qpv?: boolean;
  frr?: boolean;
  status?: 'prospect' | 'partner' | 'archived';
  referentId?: string | null;
  source?: 'outreach' | 'inbound' | 'event' | 'partner' | 'other';
  tags?: string[];
  notes?: string | null;
}

/** The stored identity and address fields the checks derive. */
export interface EmployerFields {
  siret: string | null;
  siren: string | null;
  legalName: string;
  tradeName: string | null;
  nafCode: string | null;
  nafVersion: NafVersion;
  headcountBand: string | null;
  street: string | null;
  postalCode: string | null;
  inseeCode: string | null;
  city: string | null;
  epciCode: string | null;
  epciName: string | null;
  qpv: boolean;
  frr: boolean;
  status: 'prospect' | 'partner' | 'archived';
  referentId: string | null;
  source: 'outreach' | 'inbound' | 'event' | 'partner' | 'other';
  tags: string[];
  notes: string | null;
}

export const EMPTY_EMPLOYER: EmployerFields = {
  siret: null,
  siren: null,
  legalName: '',
  tradeName: null,
  nafCode: null,
  nafVersion: 'rev2',
  headcountBand: null,
  street: null,
  postalCode: null,
  inseeCode: null,
  city: null,
  epciCode: null,
  epciName: null,
  qpv: false,
  frr: false,
  status: 'prospect',
  referentId: null,
  source: 'other',
  tags: [],
  notes: null,
};

const blankToNull = (v: string | null | undefined): string | null | undefined => {
  if (v === undefined || v === null) return v;
  const t = v.trim();
  return t === '' ? null : t;
};

let communesByPostalCode: Map<string, string[]> | undefined;

/** INSEE codes of the communes served by a postal code. */
export function communesOfPostalCode(postalCode: string): string[] {
  if (!communesByPostalCode) {
    const map = new Map<string, string[]>();
    for (const c of allCommunes())
      for (const pc of c.postalCodes) map.set(pc, [...(map.get(pc) ?? []), c.inseeCode]);
    communesByPostalCode = map;
  }
  const codes = communesByPostalCode.get(postalCode) ?? [];
  // Paris, Lyon and Marseille list every postal code of their arrondissements: the arrondissement
  // is the precise answer.
  return codes.length > 1 ? codes.filter((c) => !PLM_COMMUNES.has(c)) : codes;
}

const PLM_COMMUNES = new Set(['75056', '69123', '13055']);

/** Normalises a list of tags: trimmed, de-duplicated case-insensitively, order kept. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/**
 * Applies an input onto the current fields and checks the result: SIRET (normalised, Luhn or the La
 * Poste rule), NAF code (rév. 2 or 2025), commune and postal code against the official lists. The commune's
 * official name and its EPCI are derived. Returns the new fields or the field errors.
 */
export function applyEmployerInput(
  current: EmployerFields,
  input: EmployerInput,
): { ok: true; fields: EmployerFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const f: EmployerFields = { ...current, tags: [...current.tags] };

  if (input.siret !== undefined) {
    const siret = input.siret === null ? null : normalizeSiret(input.siret);
    if (siret === null || siret === '') {
      f.siret = null;
      f.siren = null;
    } else if (!/^\d{14}$/.test(siret)) {
      errors.push({ field: 'siret', message: 'must be 14 digits' });
    } else if (!isValidSiret(siret)) {
      errors.push({ field: 'siret', message: 'is not a valid SIRET (check digit)' });
    } else {
      f.siret = siret;
      f.siren = sirenOf(siret);
    }
  }
  if (input.legalName !== undefined) {
    const name = input.legalName.trim().replace(/\s+/g, ' ');
    if (!name) errors.push({ field: 'legalName', message: 'must not be empty' });
    f.legalName = name;
  }
  if (input.tradeName !== undefined) f.tradeName = blankToNull(input.tradeName) ?? null;
  if (input.nafCode !== undefined || input.nafVersion !== undefined) {
    const naf = checkNaf(
      input.nafCode === undefined ? f.nafCode : input.nafCode,
      input.nafVersion === undefined
        ? input.nafCode === undefined
          ? f.nafVersion
          : null
        : input.nafVersion,
    );
    if ('error' in naf) errors.push(naf.error);
    else Object.assign(f, naf);
  }
  if (input.headcountBand !== undefined) {
    const band = blankToNull(input.headcountBand) ?? null;
    if (band !== null && !(HEADCOUNT_BANDS as readonly string[]).includes(band))
      errors.push({ field: 'headcountBand', message: 'is not an INSEE headcount band code' });
    else f.headcountBand = band;
  }
  if (input.street !== undefined) f.street = blankToNull(input.street) ?? null;
  if (input.city !== undefined) f.city = blankToNull(input.city) ?? null;
  if (input.postalCode !== undefined) f.postalCode = blankToNull(input.postalCode) ?? null;
  if (input.inseeCode !== undefined) f.inseeCode = blankToNull(input.inseeCode) ?? null;
  if (input.postalCode !== undefined && input.inseeCode === undefined && f.inseeCode !== null) {
    // A new postal code alone moves the employer when the current commune does not have it.
    const current = f.postalCode ? checkCommune(f.inseeCode, f.postalCode) : { ok: true };
    if (!current.ok) f.inseeCode = null;
  }
  if (input.postalCode !== undefined || input.inseeCode !== undefined) {
    const addressErrors = deriveCommune(f, input.inseeCode !== undefined);
    errors.push(...addressErrors);
  }
  if (input.qpv !== undefined) f.qpv = input.qpv;
  if (input.frr !== undefined) f.frr = input.frr;
  if (input.status !== undefined) f.status = input.status;
  if (input.referentId !== undefined) f.referentId = input.referentId;
  if (input.source !== undefined) f.source = input.source;
  if (input.tags !== undefined) {
    const tags = normalizeTags(input.tags);
    if (tags.length > MAX_TAGS) errors.push({ field: 'tags', message: `at most ${MAX_TAGS} tags` });
    else if (tags.some((t) => t.length > MAX_TAG_LENGTH))
      errors.push({ field: 'tags', message: `a tag has at most ${MAX_TAG_LENGTH} characters` });
    // `|` separates tags in a CSV or Excel cell (docs/employers.md): a tag cannot hold one.
    else if (tags.some((t) => t.includes('|')))
      errors.push({ field: 'tags', message: 'a tag cannot contain "|"' });
    else f.tags = tags;
  }
  // Line breaks stored as LF whatever sent them (a browser form sends CRLF): a note reads the same
  // everywhere and comes back unchanged from a CSV export, whose import reads CRLF as LF.
  if (input.notes !== undefined)
    f.notes = blankToNull(input.notes)?.replace(/\r\n?/g, '\n') ?? null;

  return errors.length ? { ok: false, errors } : { ok: true, fields: f };
}

/** Fills the commune (official name, EPCI) from the INSEE code, or from an unambiguous postal code. */
function deriveCommune(f: EmployerFields, inseeGiven: boolean): FieldError[] {
  if (f.inseeCode === null && f.postalCode !== null) {
    if (!/^\d{5}$/.test(f.postalCode))
      return [{ field: 'postalCode', message: 'must be 5 digits' }];
    const candidates = communesOfPostalCode(f.postalCode);
    if (candidates.length === 0)
      return [{ field: 'postalCode', message: 'is not the postal code of a French commune' }];
    if (candidates.length > 1 || inseeGiven)
      return [
        {
          field: 'inseeCode',
          message: `is required: postal code ${f.postalCode} serves several communes`,
        },
      ];
    f.inseeCode = candidates[0]!;
  }
  if (f.inseeCode === null) {
    f.epciCode = null;
    f.epciName = null;
    return [];
  }
  const check = checkCommune(f.inseeCode, f.postalCode);
  if (!check.ok) return [{ field: check.field, message: check.message }];
  const c = check.commune;
  if (f.postalCode === null && c.postalCodes.length === 1) f.postalCode = c.postalCodes[0]!;
  f.city = c.name;
  f.epciCode = c.epci?.code ?? null;
  f.epciName = c.epci?.name ?? null;
  return [];
}

/** The union of two tag lists, target's first. */
export function mergeTags(target: readonly string[], source: readonly string[]): string[] {
  return normalizeTags([...target, ...source]);
}

/** What a search string means: a SIRET/SIREN prefix when it is digits, a name otherwise. */
export type SearchTerm =
  | { kind: 'siret'; from: string; to: string }
  /** `literal`: the query holds `%` or `_`, which the name must contain as typed. */
  | { kind: 'name'; text: string; literal?: string }
  | { kind: 'none' };

/** A LIKE pattern matching `text` literally: `\`, `%` and `_` escaped (with `ESCAPE '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function parseSearch(q: string | undefined): SearchTerm {
  const raw = (q ?? '').trim();
  // `%` and `_` are letters to the user ("100%", "code_postal"): normalisation would drop them,
  // so the name must also contain the query as typed (docs/employers.md).
  const literal = /[%_]/.test(raw) ? { literal: raw } : {};
  if (!/[\p{L}\p{N}]/u.test(raw))
    // Nothing but punctuation: nothing to search for (it would otherwise match every name),
    // unless it is `%` or `_`, searched as such.
    return raw && literal.literal ? { kind: 'name', text: raw, ...literal } : { kind: 'none' };
  const digits = normalizeSiret(raw);
  if (/^\d{3,14}$/.test(digits)) {
    // A prefix of the 14 digits is a range on the unique index.
    return { kind: 'siret', from: digits.padEnd(14, '0'), to: digits.padEnd(14, '9') };
  }
  return { kind: 'name', text: raw, ...literal };
}

const NAF_NAMES: Record<NafVersion, string> = { rev2: 'NAF rév. 2', '2025': 'NAF 2025' };

/**
 * A NAF code and its nomenclature: the code is checked against the official list of the version
 * given, or of the version it belongs to when none is given (the two lists share no code).
 */
export function checkNaf(
  code: string | null,
  version: NafVersion | null,
): { nafCode: string | null; nafVersion: NafVersion } | { error: FieldError } {
  const naf = blankToNull(code)?.toUpperCase() ?? null;
  if (version !== null && !(NAF_VERSIONS as readonly string[]).includes(version))
    return { error: { field: 'nafVersion', message: 'must be rev2 or 2025' } };
  // Without a code the version is the column's default and shown as null.
  if (naf === null) return { nafCode: null, nafVersion: 'rev2' };
  // Accept "5610A" as typed on many documents.
  const dotted = /^\d{4}[A-Z]$/.test(naf) ? `${naf.slice(0, 2)}.${naf.slice(2)}` : naf;
  const found = version ?? nafVersionOf(dotted);
  if (!found || !isNafCode(dotted, found)) {
    const message = version
      ? `is not a ${NAF_NAMES[version]} sub-class (e.g. ${version === 'rev2' ? '56.10A' : '47.24Y'})`
      : 'is not a NAF rév. 2 (e.g. 56.10A) nor a NAF 2025 (e.g. 47.24Y) sub-class';
    return { error: { field: 'nafCode', message } };
  }
  return { nafCode: dotted, nafVersion: found };
}
