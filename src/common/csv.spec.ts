import { parse } from 'csv-parse/sync';
import { csvText, unguardFormula } from './csv.js';

describe('shared CSV writer', () => {
  const read = (text: string) =>
    parse(text, { delimiter: ';', bom: true, record_delimiter: '\r\n' }) as string[][];

  it('keeps a multi-line field in one quoted record', () => {
    const text = csvText([['a', 'Première ligne\nseconde ligne', 'z']]);
    expect(text).toBe('\ufeffa;"Première ligne\nseconde ligne";z\r\n');
    expect(read(text)).toEqual([['a', 'Première ligne\nseconde ligne', 'z']]);
  });

  it('neutralises cells a spreadsheet would run as formulas, numbers excepted', () => {
    const text = csvText([['=SOMME(A1)', '+33 6 12', '-x', '@x', '\tx', 'ok', -20]]);
    expect(read(text)).toEqual([["'=SOMME(A1)", "'+33 6 12", "'-x", "'@x", "'\tx", 'ok', '-20']]);
  });

  it('quotes text holding a comma, a separator or a quote; French decimals stay bare', () => {
    const text = csvText([['BTP, génie civil', 'a;b', 'dit "x"', '0,25', '-1,5', 'a,=1+1']]);
    expect(text).toBe('\ufeff"BTP, génie civil";"a;b";"dit ""x""";0,25;\'-1,5;"a,=1+1"\r\n');
  });

  it('removes only the guard escape_formulas added', () => {
    expect(unguardFormula("'=SOMME(A1)")).toBe('=SOMME(A1)');
    expect(unguardFormula("'+33")).toBe('+33');
    expect(unguardFormula("'\tx")).toBe('\tx');
    expect(unguardFormula("l'usine")).toBe("l'usine");
    expect(unguardFormula("'bonjour'")).toBe("'bonjour'");
  });
});
