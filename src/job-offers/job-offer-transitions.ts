import type { OfferStatus } from './job-offer.entity.js';

/** Statuses a person may ask for; `expired` is reached only through the daily expiry job. */
export const REQUESTABLE_STATUSES = ['published', 'filled', 'closed'] as const;
export type RequestableStatus = (typeof REQUESTABLE_STATUSES)[number];

// draft → published → filled | closed | expired. A draft may also be dropped (closed) before it
// was ever published. filled, closed and expired are final: a new need is a new offer.
const ALLOWED: Record<OfferStatus, readonly OfferStatus[]> = {
  draft: ['published', 'closed'],
  published: ['filled', 'closed', 'expired'],
  filled: [],
  closed: [],
  expired: [],
};

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'not_allowed' | 'employer_archived' | 'expiry_passed'; message: string };

export interface TransitionContext {
  employerStatus: string;
  expiresAt: Date | null;
  now: Date;
}

export function canTransition(from: OfferStatus, to: OfferStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedTransitions(from: OfferStatus): readonly OfferStatus[] {
  return ALLOWED[from];
}

/** The lifecycle rule plus what publishing needs: a live employer and an expiry still ahead. */
export function checkTransition(
  from: OfferStatus,
  to: OfferStatus,
  ctx: TransitionContext,
): TransitionCheck {
  if (!canTransition(from, to)) {
    return {
      ok: false,
      reason: 'not_allowed',
      message: `An offer cannot go from ${from} to ${to}`,
    };
  }
  if (to === 'published') {
    if (ctx.employerStatus === 'archived') {
      return {
        ok: false,
        reason: 'employer_archived',
        message: 'The employer is archived: its offers cannot be published',
      };
    }
    if (ctx.expiresAt && ctx.expiresAt.getTime() <= ctx.now.getTime()) {
      return {
        ok: false,
        reason: 'expiry_passed',
        message: 'The expiry date has passed: set a later expiresAt before publishing',
      };
    }
  }
  return { ok: true };
}
