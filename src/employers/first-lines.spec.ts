import { randomUUID } from 'node:crypto';
import { withLuhnDigit } from '../reference/siret.js';
import { FirstLines } from './first-lines.js';

describe('FirstLines', () => {
  it('answers the first line of a SIRET met again, and nothing for a new one', () => {
    const seen = new FirstLines();
    expect(seen.firstBySiret('73282932000074', 2)).toBeUndefined();
    expect(seen.firstBySiret('44306184100047', 3)).toBeUndefined();
    expect(seen.firstBySiret('73282932000074', 9)).toBe(2);
    // The first line stays the answer: a third occurrence names line 2, not 9.
    expect(seen.firstBySiret('73282932000074', 12)).toBe(2);
    expect(seen.size).toBe(2);
  });

  it('keeps employer ids and SIRETs apart, and reads ids in any case', () => {
    const seen = new FirstLines();
    const id = '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b';
    expect(seen.firstById(id, 5)).toBeUndefined();
    expect(seen.firstById(id.toUpperCase(), 6)).toBe(5);
    expect(seen.firstById('7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6c', 7)).toBeUndefined();
    expect(seen.firstBySiret('73282932000074', 8)).toBeUndefined();
    expect(seen.size).toBe(3);
  });

  it('tells apart ids that differ in any one of their five groups', () => {
    const seen = new FirstLines();
    const base = '00000000-0000-4000-8000-000000000000';
    expect(seen.firstById(base, 2)).toBeUndefined();
    const variants = [
      '00000001-0000-4000-8000-000000000000',
      '00000000-0001-4000-8000-000000000000',
      '00000000-0000-4001-8000-000000000000',
      '00000000-0000-4000-8001-000000000000',
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-100000000000',
    ];
    variants.forEach((id, i) => expect(seen.firstById(id, 3 + i)).toBeUndefined());
    variants.forEach((id, i) => expect(seen.firstById(id, 20)).toBe(3 + i));
    expect(seen.firstById(base, 30)).toBe(2);
  });

  it('tells apart SIRETs that differ in either half, including leading zeros', () => {
    const seen = new FirstLines();
    expect(seen.firstBySiret('00000010000000', 2)).toBeUndefined();
    expect(seen.firstBySiret('00000000000001', 3)).toBeUndefined();
    expect(seen.firstBySiret('00000010000001', 4)).toBeUndefined();
    expect(seen.firstBySiret('00000000000001', 5)).toBe(3);
  });

  it('agrees with a Map over 20,000 sequential SIRETs and 2,000 ids, through every growth', () => {
    const seen = new FirstLines();
    const reference = new Map<string, number>();
    const sirets = Array.from({ length: 20_000 }, (_, i) =>
      withLuhnDigit(`9${String(i).padStart(12, '0')}`),
    );
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    let line = 2;
    const check = (key: string, actual: number | undefined) => {
      const expected = reference.get(key);
      if (expected === undefined) reference.set(key, line);
      if (actual !== expected) throw new Error(`${key} at line ${line}: ${actual} ≠ ${expected}`);
      line++;
    };
    for (const s of sirets) check(s, seen.firstBySiret(s, line));
    for (const id of ids) check(id, seen.firstById(id, line));
    // Every key again, in another order: each answers the line it was first met on.
    for (let i = sirets.length - 1; i >= 0; i -= 7)
      check(sirets[i]!, seen.firstBySiret(sirets[i]!, line));
    for (const id of ids.slice(0, 500)) check(id, seen.firstById(id, line));
    expect(seen.size).toBe(22_000);
  });
});
