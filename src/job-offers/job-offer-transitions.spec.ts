import { OFFER_STATUSES, type OfferStatus } from './job-offer.entity.js';
import { allowedTransitions, canTransition, checkTransition } from './job-offer-transitions.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const live = { employerStatus: 'partner', expiresAt: null, now: NOW };

describe('job offer transitions', () => {
  it.each<[OfferStatus, OfferStatus]>([
    ['draft', 'published'],
    ['draft', 'closed'],
    ['published', 'filled'],
    ['published', 'closed'],
    ['published', 'expired'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(checkTransition(from, to, live)).toEqual({ ok: true });
  });

  it.each<[OfferStatus, OfferStatus]>([
    ['draft', 'filled'],
    ['draft', 'expired'],
    ['draft', 'draft'],
    ['published', 'draft'],
    ['published', 'published'],
    ['filled', 'published'],
    ['closed', 'published'],
    ['expired', 'published'],
    ['filled', 'closed'],
    ['expired', 'closed'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(checkTransition(from, to, live)).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('treats filled, closed and expired as final', () => {
    for (const s of ['filled', 'closed', 'expired'] as const)
      expect(allowedTransitions(s)).toEqual([]);
    for (const from of OFFER_STATUSES)
      for (const to of allowedTransitions(from)) expect(OFFER_STATUSES).toContain(to);
  });

  it('refuses to publish for an archived employer', () => {
    expect(
      checkTransition('draft', 'published', { ...live, employerStatus: 'archived' }),
    ).toMatchObject({ ok: false, reason: 'employer_archived' });
    // Closing stays possible: archiving must not trap an offer in draft.
    expect(checkTransition('draft', 'closed', { ...live, employerStatus: 'archived' })).toEqual({
      ok: true,
    });
  });

  it('refuses to publish an offer whose expiry has passed', () => {
    expect(checkTransition('draft', 'published', { ...live, expiresAt: NOW })).toMatchObject({
      ok: false,
      reason: 'expiry_passed',
    });
    expect(
      checkTransition('draft', 'published', {
        ...live,
        expiresAt: new Date(NOW.getTime() + 1),
      }),
    ).toEqual({ ok: true });
  });
});
