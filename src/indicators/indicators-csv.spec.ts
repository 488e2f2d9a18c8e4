import { FIGURES, emptyCounts, toFigures, type Figures } from './indicator-figures.js';
import { parse } from 'csv-parse/sync';
import { frenchNumber, indicatorsCsv } from './indicators-csv.js';

describe('indicators CSV', () => {
  const totals: Figures = {
    ...toFigures(emptyCounts()),
    interactions: 3,
    outreachShare: 0.6667,
    nps: -20,
    satisfactionMean: 3.5,
  };

  it('writes a BOM, a French header, `;` separators, CRLF and decimal commas', () => {
    const csv = indicatorsCsv({
      from: '2026-01-01',
      to: '2026-12-31',
      groupBy: 'adviser',
      totals,
      groups: [{ key: 'k1', label: 'Durand; Léa', ...totals }],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const header = lines[0]!.split(';');
    expect(header.slice(0, 4)).toEqual(['Du', 'Au', 'Code Conseiller', 'Conseiller']);
    expect(header).toHaveLength(4 + FIGURES.length);
    expect(header).toContain('Taux de rupture');
    const total = lines[1]!.split(';');
    expect(total.slice(0, 4)).toEqual(['01/01/2026', '31/12/2026', '', 'Total']);
    expect(total[4 + FIGURES.indexOf('interactions')]).toBe('3');
    expect(total[4 + FIGURES.indexOf('outreachShare')]).toBe('0,6667');
    expect(total[4 + FIGURES.indexOf('nps')]).toBe('-20');
    expect(total[4 + FIGURES.indexOf('satisfactionMean')]).toBe('3,5');
    expect(total[4 + FIGURES.indexOf('ruptureRate')]).toBe('');
    expect(lines[2]!.startsWith('01/01/2026;31/12/2026;k1;"Durand; Léa";')).toBe(true);
  });

  it('formats numbers the French way and keeps nulls empty', () => {
    expect(frenchNumber(0.25, 4)).toBe('0,25');
    expect(frenchNumber(1234, 0)).toBe('1234');
    expect(frenchNumber(null, 4)).toBe('');
  });

  it('neutralises text that a spreadsheet would run as a formula, not negative figures', () => {
    const csv = indicatorsCsv({
      from: '2026-01-01',
      to: '2026-12-31',
      groupBy: 'adviser',
      totals,
      groups: [
        { key: '=HYPERLINK("x")', label: '+33 6', ...totals },
        { key: 'k2', label: 'Besançon, Doubs\nsecond', ...totals },
      ],
    });
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    expect(rows).toHaveLength(4);
    expect(rows[2]!.slice(2, 4)).toEqual([`'=HYPERLINK("x")`, "'+33 6"]);
    expect(rows[2]![4 + FIGURES.indexOf('nps')]).toBe('-20');
    expect(rows[3]!.slice(2, 4)).toEqual(['k2', 'Besançon, Doubs\nsecond']);
  });
});
