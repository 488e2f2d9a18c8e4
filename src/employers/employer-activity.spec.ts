import { contactHorizon, dormantCutoff, isDormant } from './employer-activity.js';

describe('isDormant', () => {
  const now = new Date('2026-06-30T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const employer = (lastInteractionAt: Date | null, createdAt: Date, status = 'partner') => ({
    status,
    lastInteractionAt,
    createdAt,
  });

  it('is dormant with no interaction for more than the threshold', () => {
    expect(isDormant(employer(daysAgo(181), daysAgo(400)), now, 180)).toBe(true);
    expect(isDormant(employer(daysAgo(179), daysAgo(400)), now, 180)).toBe(false);
  });

  it('counts from creation when there was never an interaction', () => {
    expect(isDormant(employer(null, daysAgo(181)), now, 180)).toBe(true);
    expect(isDormant(employer(null, daysAgo(10)), now, 180)).toBe(false);
  });

  it('never calls an archived employer dormant', () => {
    expect(isDormant(employer(daysAgo(400), daysAgo(400), 'archived'), now, 180)).toBe(false);
  });

  it('puts the cutoff the given number of days before now', () => {
    expect(dormantCutoff(now, 180)).toEqual(daysAgo(180));
  });
});

describe('contactHorizon', () => {
  it('accepts the clock skew tolerated when logging, not a planned event', () => {
    const now = new Date('2026-06-30T12:00:00Z');
    expect(contactHorizon(now).getTime() - now.getTime()).toBe(5 * 60_000);
  });
});
