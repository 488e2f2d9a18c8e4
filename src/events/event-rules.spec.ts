import { DomainError } from '../common/domain-error.js';
import {
  checkAttendance,
  checkCapacity,
  foreignOfferIds,
  nextLastInteractionAt,
  normalisePlace,
} from './event-rules.js';

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

  it('moves the last interaction to a past event only when it is later', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const older = new Date('2026-01-01T00:00:00Z');
    const event = new Date('2026-03-01T09:00:00Z');
    expect(nextLastInteractionAt(null, event, now)).toEqual(event);
    expect(nextLastInteractionAt(older, event, now)).toEqual(event);
    expect(nextLastInteractionAt(now, event, now)).toEqual(now);
    // A future event is not a contact yet.
    expect(nextLastInteractionAt(older, new Date('2026-04-01T09:00:00Z'), now)).toEqual(older);
  });

  it("lists the offers that are not the employer's", () => {
    expect(foreignOfferIds(['a', 'b', 'c'], new Set(['a', 'c']))).toEqual(['b']);
  });
});
