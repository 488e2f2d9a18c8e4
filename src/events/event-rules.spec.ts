import { DomainError } from '../common/domain-error.js';
import { checkAttendance, checkCapacity, foreignOfferIds, normalisePlace } from './event-rules.js';

describe('event rules', () => {
  it('accepts a known commune and trims the label', () => {
    expect(normalisePlace({ inseeCode: '25056', label: '  Salle Proudhon ' })).toEqual({
      inseeCode: '25056',
      placeLabel: 'Salle Proudhon',
    });
    expect(normalisePlace(undefined)).toEqual({ inseeCode: null, placeLabel: null });
  });

  it('rejects an unknown commune, naming the field', () => {
    try {
      normalisePlace({ inseeCode: '99999' });
      throw new Error('expected a DomainError');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).errors[0]?.field).toBe('place.inseeCode');
    }
  });

  it('refuses attended or absent before the event starts, allows registered', () => {
    const startsAt = new Date('2026-03-10T09:00:00Z');
    const before = new Date('2026-03-10T08:59:00Z');
    expect(() => checkAttendance('attended', startsAt, before)).toThrow(DomainError);
    expect(() => checkAttendance('absent', startsAt, before)).toThrow(DomainError);
    expect(() => checkAttendance('registered', startsAt, before)).not.toThrow();
    expect(() => checkAttendance('attended', startsAt, startsAt)).not.toThrow();
  });

  it('refuses young people beyond the capacity', () => {
    expect(() => checkCapacity(2, 3)).toThrow(/full/);
    expect(() => checkCapacity(2, 2)).not.toThrow();
    expect(() => checkCapacity(null, 500)).not.toThrow();
  });

  it("lists the offers that are not the employer's", () => {
    expect(foreignOfferIds(['a', 'b', 'c'], new Set(['a', 'c']))).toEqual(['b']);
  });
});
