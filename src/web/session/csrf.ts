import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';

/** GET, HEAD and OPTIONS never change anything; every other method is checked. */
export const isSafeMethod = (method: string) => ['GET', 'HEAD', 'OPTIONS'].includes(method);

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries: the `_csrf` form field, or the header for scripted requests. */
export function presentedToken(req: Request): string | null {
  const body = req.body as Record<string, unknown> | undefined;
  const field = body && typeof body._csrf === 'string' ? body._csrf : null;
  const header = req.headers['x-csrf-token'];
  return field ?? (typeof header === 'string' ? header : null);
}

/**
 * Whether the request comes from a page of this service: its `Origin` (or, when a browser sends
 * none, its `Referer`) is the public base URL's origin or the host the request was sent to.
 * A request with neither is refused: browsers send `Origin` with every form POST.
 */
export function fromSameOrigin(req: Request, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  let claimed: URL;
  try {
    if (origin && origin !== 'null') claimed = new URL(origin);
    else if (referer) claimed = new URL(referer);
    else return false;
  } catch {
    return false;
  }
  if (claimed.origin === new URL(publicBaseUrl).origin) return true;
  return claimed.host === req.headers.host;
}
