import type { Response } from 'express';

/**
 * Public pages and feeds: shared caches (a CDN, the ML website's proxy) and browsers may keep
 * them a few minutes. A filled or closed offer leaves the board within that delay.
 */
export const PUBLIC_CACHE = 'public, max-age=300, stale-while-revalidate=60';

/**
 * Sends a public response that caches may keep. Express derives the `ETag` from the body (a
 * hash, so any change of an offer, a filter result or the clock's effect on expiry changes it)
 * and answers `304 Not Modified` without a body when `If-None-Match` matches.
 */
export function sendPublic(res: Response, type: string, body: string, status = 200): void {
  res.status(status).type(type).setHeader('Cache-Control', PUBLIC_CACHE);
  res.send(body);
}

/** A page for a person that no cache should keep (an error about their own input). */
export function sendUncached(res: Response, type: string, body: string, status: number): void {
  res.status(status).type(type).setHeader('Cache-Control', 'no-store');
  res.send(body);
}

/**
 * Lets the given origins frame this response (CSP `frame-ancestors`), for the embeddable board.
 * Every other response keeps helmet's `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
 * Without origins configured, nothing changes: the embed view renders but no site can frame it.
 */
export function allowFraming(res: Response, origins: readonly string[]): void {
  if (!origins.length) return;
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors\b/i.test(d));
  directives.push(`frame-ancestors ${origins.join(' ')}`);
  res.setHeader('Content-Security-Policy', directives.join(';'));
  // X-Frame-Options cannot name origins; browsers that know frame-ancestors ignore it, the
  // others would block the embed: it goes.
  res.removeHeader('X-Frame-Options');
}
