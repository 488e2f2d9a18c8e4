import {
  FUTURE_TOLERANCE_MS,
  canEditInteraction,
  checkInteractionTiming,
  uniqueNeeds,
} from './interaction-rules.js';

describe('interaction rules', () => {
  const now = new Date('2026-03-10T14:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('refuses an interaction in the future, beyond a small clock skew', () => {
    expect(
      checkInteractionTiming(
        { occurredAt: at(86_400_000), nextActionAt: null, nextAction: null },
        now,
      ),
    ).toEqual([{ field: 'occurredAt', message: 'must not be in the future' }]);
    expect(
      checkInteractionTiming(
        { occurredAt: at(FUTURE_TOLERANCE_MS - 1000), nextActionAt: null, nextAction: null },
        now,
      ),
    ).toEqual([]);
  });

  it('wants a next action dated, and not before the interaction', () => {
    expect(
      checkInteractionTiming(
        { occurredAt: at(0), nextActionAt: null, nextAction: 'Rappeler' },
        now,
      ),
    ).toEqual([{ field: 'nextActionAt', message: 'is required with nextAction' }]);
    expect(
      checkInteractionTiming(
        { occurredAt: at(0), nextActionAt: at(-60_000), nextAction: null },
        now,
      ),
    ).toEqual([{ field: 'nextActionAt', message: 'must not be before occurredAt' }]);
    expect(
      checkInteractionTiming(
        { occurredAt: at(-60_000), nextActionAt: at(14 * 86_400_000), nextAction: 'Rappeler' },
        now,
      ),
    ).toEqual([]);
  });

  it('lets the author, a manager or an admin edit, nobody else', () => {
    expect(canEditInteraction({ id: 'a', role: 'adviser' }, 'a')).toBe(true);
    expect(canEditInteraction({ id: 'b', role: 'adviser' }, 'a')).toBe(false);
    expect(canEditInteraction({ id: 'm', role: 'manager' }, 'a')).toBe(true);
    expect(canEditInteraction({ id: 'x', role: 'admin' }, 'a')).toBe(true);
  });

  it('de-duplicates needs', () => {
    expect(uniqueNeeds(['training', 'recruitment', 'training'])).toEqual([
      'training',
      'recruitment',
    ]);
  });
});
