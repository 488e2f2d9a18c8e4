import {
  EMPTY_EMPLOYER,
  applyEmployerInput,
  mergeTags,
  normalizeTags,
  escapeLike,
  parseSearch,
} from './employer-rules.js';

describe('applyEmployerInput', () => {
  it('normalises the SIRET and derives the SIREN', () => {
    const r = applyEmployerInput(EMPTY_EMPLOYER, { legalName: 'A', siret: '732 829 320 00074' });
    expect(r).toMatchObject({ ok: true, fields: { siret: '73282932000074', siren: '732829320' } });
  });

  it('names the field of a Luhn-invalid or malformed SIRET', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { siret: '73282932000075' })).toEqual({
      ok: false,
      errors: [{ field: 'siret', message: 'is not a valid SIRET (check digit)' }],
    });
    expect(applyEmployerInput(EMPTY_EMPLOYER, { siret: '1234' })).toEqual({
      ok: false,
      errors: [{ field: 'siret', message: 'must be 14 digits' }],
    });
  });

  it('accepts a La Poste SIRET and clears a SIRET given as empty', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { siret: '35600000000015' }).ok).toBe(true);
    const cleared = applyEmployerInput(
      { ...EMPTY_EMPLOYER, siret: '73282932000074', siren: '732829320' },
      { siret: ' ' },
    );
    expect(cleared).toMatchObject({ ok: true, fields: { siret: null, siren: null } });
  });

  it('accepts a NAF code typed without the dot, refuses an unknown one', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '5610a' })).toMatchObject({
      ok: true,
      fields: { nafCode: '56.10A' },
    });
    expect(applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '99.99Z' }).ok).toBe(false);
  });

  it('accepts a NAF 2025 code and tells its nomenclature, given or not', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '47.24Y' })).toMatchObject({
      ok: true,
      fields: { nafCode: '47.24Y', nafVersion: '2025' },
    });
    expect(applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '5610A' })).toMatchObject({
      fields: { nafCode: '56.10A', nafVersion: 'rev2' },
    });
    expect(
      applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '01.48G', nafVersion: '2025' }),
    ).toMatchObject({ ok: true, fields: { nafVersion: '2025' } });
  });

  it('refuses a code of the other nomenclature than the one given, and a version without meaning', () => {
    const wrong = applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '56.10A', nafVersion: '2025' });
    expect(wrong).toMatchObject({
      ok: false,
      errors: [{ field: 'nafCode', message: 'is not a NAF 2025 sub-class (e.g. 47.24Y)' }],
    });
    const unknown = applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '99.99Y' });
    expect(unknown).toMatchObject({ ok: false, errors: [{ field: 'nafCode' }] });
    expect(
      applyEmployerInput(EMPTY_EMPLOYER, { nafCode: '56.10A', nafVersion: 'rev3' as never }),
    ).toMatchObject({ ok: false, errors: [{ field: 'nafVersion' }] });
  });

  it('clears the nomenclature with the code', () => {
    const current = { ...EMPTY_EMPLOYER, nafCode: '47.24Y', nafVersion: '2025' as const };
    expect(applyEmployerInput(current, { nafCode: null })).toMatchObject({
      ok: true,
      fields: { nafCode: null, nafVersion: 'rev2' },
    });
  });

  it('derives the official commune name and the EPCI from the INSEE code', () => {
    const r = applyEmployerInput(EMPTY_EMPLOYER, { inseeCode: '25056', city: 'besancon' });
    expect(r).toMatchObject({
      ok: true,
      fields: { city: 'Besançon', postalCode: '25000', epciCode: '242500361' },
    });
  });

  it('moves the commune when only a new unambiguous postal code is given', () => {
    const inBesancon = applyEmployerInput(EMPTY_EMPLOYER, { inseeCode: '25056' });
    if (!inBesancon.ok) throw new Error('setup');
    const moved = applyEmployerInput(inBesancon.fields, { postalCode: '21000' });
    expect(moved).toMatchObject({ ok: true, fields: { inseeCode: '21231', city: 'Dijon' } });
    // In Paris the postal code points at the arrondissement.
    expect(applyEmployerInput(EMPTY_EMPLOYER, { postalCode: '75001' })).toMatchObject({
      ok: true,
      fields: { inseeCode: '75101' },
    });
  });

  it('asks for the INSEE code when a postal code serves several communes', () => {
    // 25410 serves several small communes around Besançon.
    const r = applyEmployerInput(EMPTY_EMPLOYER, { postalCode: '25410' });
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'inseeCode' }] });
  });

  it('keeps fields that are not given', () => {
    const current = { ...EMPTY_EMPLOYER, legalName: 'Garder', notes: 'n', tags: ['a'] };
    expect(applyEmployerInput(current, { qpv: true })).toEqual({
      ok: true,
      fields: { ...current, qpv: true },
    });
  });

  it('refuses an empty legal name and too many tags', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { legalName: '   ' }).ok).toBe(false);
    const tags = Array.from({ length: 31 }, (_, i) => `t${i}`);
    expect(applyEmployerInput(EMPTY_EMPLOYER, { tags })).toMatchObject({
      ok: false,
      errors: [{ field: 'tags' }],
    });
  });

  it('refuses a tag holding "|" (the separator in a spreadsheet cell)', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { tags: ['BTP, génie civil', 'a|b'] })).toEqual({
      ok: false,
      errors: [{ field: 'tags', message: 'a tag cannot contain "|"' }],
    });
  });

  it('stores line breaks in notes as LF', () => {
    expect(applyEmployerInput(EMPTY_EMPLOYER, { notes: 'a\r\nb\rc\nd' })).toMatchObject({
      ok: true,
      fields: { notes: 'a\nb\nc\nd' },
    });
  });
});

describe('tags', () => {
  it('trims and de-duplicates case-insensitively, keeping the first spelling', () => {
    expect(normalizeTags([' BTP ', 'btp', '', 'Apprentissage'])).toEqual(['BTP', 'Apprentissage']);
  });

  it('merges with the target first', () => {
    expect(mergeTags(['a', 'B'], ['b', 'c'])).toEqual(['a', 'B', 'c']);
  });
});

describe('parseSearch', () => {
  it('reads digits as a SIRET prefix range', () => {
    expect(parseSearch('732 829 320')).toEqual({
      kind: 'siret',
      from: '73282932000000',
      to: '73282932099999',
    });
  });

  it('reads anything else as a name, and nothing as no search', () => {
    expect(parseSearch('Pâtisserie 2000')).toEqual({ kind: 'name', text: 'Pâtisserie 2000' });
    expect(parseSearch('  ')).toEqual({ kind: 'none' });
    expect(parseSearch('12')).toEqual({ kind: 'name', text: '12' });
  });

  it('keeps % and _ as letters the name must contain', () => {
    expect(parseSearch('100%')).toEqual({ kind: 'name', text: '100%', literal: '100%' });
    expect(parseSearch(' _ ')).toEqual({ kind: 'name', text: '_', literal: '_' });
    expect(parseSearch('-')).toEqual({ kind: 'none' });
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
