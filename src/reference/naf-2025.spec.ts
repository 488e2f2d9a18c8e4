import {
  allNafCodes,
  isNafCode,
  naf2025Structure,
  nafLabel,
  nafSection,
  nafSectionLabel,
  nafSectionSql,
  nafVersionOf,
  naf2025Counterparts,
  naf2025ProposalFor,
  naf2025SectionOfRev2,
} from './naf.js';
import { NAF_REV2_TO_2025 } from './naf-2025.data.js';

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

  describe('INSEE correspondence NAF rév. 2 → NAF 2025', () => {
    it('has the 1,223 pairs of the table, covering all 732 rév. 2 and 746 of the 747 NAF 2025 sub-classes', () => {
      expect(NAF_REV2_TO_2025).toHaveLength(1223);
      expect(new Set(NAF_REV2_TO_2025.map(([r]) => r))).toEqual(new Set(allNafCodes('rev2')));
      const targets = new Set(NAF_REV2_TO_2025.map(([, n]) => n));
      expect(targets.size).toBe(746);
      expect(new Set(NAF_REV2_TO_2025.map((p) => p.join()))).toHaveProperty('size', 1223);
      for (const [rev2, naf2025] of NAF_REV2_TO_2025) {
        expect(isNafCode(rev2, 'rev2')).toBe(true);
        expect(isNafCode(naf2025, '2025')).toBe(true);
      }
    });

    it('proposes the one counterpart of a sub-class, none for a split one', () => {
      expect(naf2025Counterparts('01.11Z')).toEqual(['01.11Y']);
      expect(naf2025ProposalFor('01.11Z')).toBe('01.11Y');
      expect(naf2025Counterparts('01.49Z')).toEqual(['01.47Y', '01.48G', '01.48H', '01.48J']);
      expect(naf2025ProposalFor('01.49Z')).toBeUndefined();
      // Two rév. 2 sub-classes merged into one NAF 2025 sub-class: each has one counterpart.
      expect(naf2025ProposalFor('01.63Z')).toBe('01.63Y');
      expect(naf2025ProposalFor('01.64Z')).toBe('01.63Y');
      // Not a rév. 2 code: nothing to propose.
      expect(naf2025Counterparts('01.11Y')).toEqual([]);
      expect(naf2025ProposalFor('01.11Y')).toBeUndefined();
      // The copy given out cannot change the table.
      naf2025Counterparts('01.49Z').pop();
      expect(naf2025Counterparts('01.49Z')).toHaveLength(4);
    });

    it('has 520 one-to-one rév. 2 sub-classes and 212 split ones', () => {
      const proposable = allNafCodes('rev2').filter((c) => naf2025ProposalFor(c) !== undefined);
      expect(proposable).toHaveLength(520);
    });

    it('gives a rév. 2 sub-class a NAF 2025 section when all its counterparts lie in one', () => {
      expect(naf2025SectionOfRev2('01.49Z')).toBe('2025-A');
      // Programming: section J in rév. 2, K in NAF 2025.
      expect(naf2025SectionOfRev2('62.01Z')).toBe('2025-K');
      // Other repair: 33.19Y (section C) and 91.30Y (section R).
      expect(naf2025Counterparts('33.19Z')).toEqual(['33.19Y', '91.30Y']);
      expect(naf2025SectionOfRev2('33.19Z')).toBeUndefined();
      expect(naf2025SectionOfRev2('01.11Y')).toBeUndefined();
      const inOne = allNafCodes('rev2').filter((c) => naf2025SectionOfRev2(c) !== undefined);
      expect(inOne).toHaveLength(706);
    });
  });
});
