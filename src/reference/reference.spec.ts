import { checkCommune, decoupageRecords, findCommune, loadDecoupage } from './communes.js';
import { isNafCode, nafSection, nafSectionSql } from './naf.js';
import { isValidSiret, normalizeSiret, sirenOf, withLuhnDigit } from './siret.js';

describe('SIRET', () => {
  it('accepts a Luhn-valid SIRET and derives the SIREN', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(sirenOf('73282932000074')).toBe('732829320');
  });
  it('rejects a SIRET that fails the Luhn check', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
  });
  it('accepts La Poste establishments whose digits sum to a multiple of 5, though not Luhn-valid', () => {
    // 3+5+6+1+5 = 20
    expect(isValidSiret('35600000000015')).toBe(true);
    // 3+5+6+1+6 = 21
    expect(isValidSiret('35600000000016')).toBe(false);
  });
  it('normalises spaces and rejects wrong lengths', () => {
    expect(normalizeSiret('732 829 320 00074')).toBe('73282932000074');
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007a')).toBe(false);
  });
  it('builds valid numbers for generators', () => {
    expect(isValidSiret(withLuhnDigit('1234567890123'))).toBe(true);
  });
});

describe('NAF', () => {
  it('knows official sub-classes and their section', () => {
    expect(isNafCode('56.10A')).toBe(true);
    expect(isNafCode('56.10Z')).toBe(false);
    expect(nafSection('56.10A')).toEqual({
      code: 'I',
      key: 'I',
      label: 'Hébergement et restauration',
    });
    expect(nafSection('47.11F')?.code).toBe('G');
    expect(nafSectionSql('naf_code', 'naf_version')).toContain("BETWEEN 55 AND 56 THEN 'I'");
  });
});

describe('communes', () => {
  it('finds Besançon with its postal code and EPCI', () => {
    expect(findCommune('25056')).toMatchObject({
      name: 'Besançon',
      postalCodes: ['25000'],
      epci: { code: '242500361' },
    });
  });
  it('rejects an unknown INSEE code or a postal code of another commune', () => {
    expect(checkCommune('99999')).toMatchObject({ ok: false, field: 'inseeCode' });
    expect(checkCommune('25056', '75001')).toMatchObject({ ok: false, field: 'postalCode' });
    expect(checkCommune('25056', '25000').ok).toBe(true);
  });
  it('maps a Paris arrondissement to the Métropole du Grand Paris', () => {
    expect(findCommune('75101')?.epci?.code).toBe('200054781');
  });
});

describe('decoupage data files', () => {
  it.each(['communes.json', 'epci.json'])(
    'reads %s record by record exactly as a whole-file parse',
    (file) => {
      const whole = loadDecoupage<unknown[]>(file);
      const records = [...decoupageRecords<unknown>(file)];
      expect(records.length).toBe(whole.length);
      // Compared as text: a deep equality over 37,000 records takes jest seconds.
      expect(JSON.stringify(records) === JSON.stringify(whole)).toBe(true);
    },
  );
});
