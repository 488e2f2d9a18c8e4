import {
  allNafCodes,
  isNafCode,
  naf2025Structure,
  nafLabel,
  nafSection,
  nafSectionLabel,
  nafSectionSql,
  nafVersionOf,
} from './naf.js';

describe('NAF 2025', () => {
  it('has the size INSEE publishes: 22 sections, 87 divisions, 287 groups, 651 classes, 747 sub-classes', () => {
    expect(naf2025Structure()).toEqual({
      sections: 22,
      divisions: 87,
      groups: 287,
      classes: 651,
      subclasses: 747,
    });
  });

  it('knows new sub-classes with their INSEE title', () => {
    expect(nafLabel('47.24Y')).toBe('Commerce de détail de pain, de pâtisserie et de confiserie');
    expect(nafLabel('01.48G')).toBe('Apiculture');
    expect(isNafCode('47.24Y', '2025')).toBe(true);
    expect(isNafCode('47.24Y', 'rev2')).toBe(false);
  });

  it('tells the nomenclature of a code, the two lists sharing none', () => {
    expect(nafVersionOf('56.10A')).toBe('rev2');
    expect(nafVersionOf('01.48G')).toBe('2025');
    expect(nafVersionOf('99.99Y')).toBeUndefined();
    const rev2 = new Set(allNafCodes('rev2'));
    expect(allNafCodes('2025').filter((c) => rev2.has(c))).toEqual([]);
    expect(rev2.size).toBe(732);
  });

  it('gives every NAF 2025 division a section, with a key apart from rév. 2 sections', () => {
    for (const code of allNafCodes('2025')) expect(nafSection(code, '2025')).toBeDefined();
    // 62: computer programming, section J in rév. 2, K in NAF 2025.
    expect(nafSection('62.01Z', 'rev2')).toMatchObject({ code: 'J', key: 'J' });
    expect(nafSection('62.10Y', '2025')).toMatchObject({ code: 'K', key: '2025-K' });
    expect(nafSectionLabel('2025-K')).toBe('Section K (NAF 2025)');
    expect(nafSectionLabel('I')).toBe('Hébergement et restauration');
  });

  it('maps both nomenclatures to section keys in SQL', () => {
    const sql = nafSectionSql('naf_code', 'naf_version');
    expect(sql).toContain("WHEN naf_version = '2025'");
    expect(sql).toContain("WHEN '62' THEN '2025-K'");
    expect(sql).toContain("BETWEEN 55 AND 56 THEN 'I'");
  });
});
