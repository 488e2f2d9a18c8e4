import type { Request, Response } from 'express';

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

/**
 * Part of every version-based ETag: bump it when the rendering of the board or the JSON shape of
 * the list changes, so that clients holding the old representation of unchanged data reload it.
 */
const RENDERING = 1;

/**
 * Validation and caching from the data's version (ADR 1601) instead of from the body: the weak
 * ETag is known before any offer is read, so a client or proxy revalidating gets its `304` for
 * the price of one small query, and a repeated request is served from `cache` without
 * re-running the list query or re-rendering. Returns true when it has answered (304 or cached).
 */
export function answerFromVersion(
  req: Request,
  res: Response,
  version: string,
  cache: PublicResponseCache,
): boolean {
  res.setHeader('Cache-Control', PUBLIC_CACHE);
  res.setHeader('ETag', `W/"${RENDERING}.${version}"`);
  if (req.fresh) {
    res.status(304).end();
    return true;
  }
  const hit = cache.get(version, req.originalUrl);
  if (!hit) return false;
  res.status(hit.status).type(hit.type).send(hit.body);
  return true;
}

/**
 * Sends a versioned public response (headers set by `answerFromVersion`), computed once per
 * version and URL however many requests arrive while it is computed (they wait for the same
 * computation), and keeps it when it is a 200. Anything else (a page past the last one) is sent
 * uncached.
 */
export async function sendVersioned(
  req: Request,
  res: Response,
  version: string,
  cache: PublicResponseCache,
  compute: () => Promise<CachedResponse>,
): Promise<void> {
  const r = await cache.load(version, req.originalUrl, compute);
  if (r.status === 200) res.status(200).type(r.type).send(r.body);
  else sendUncached(res, r.type, r.body, r.status);
}

export interface CachedResponse {
  status: number;
  type: string;
  body: string;
}

/**
 * The latest version's responses, by URL: a new version empties it, and it holds at most
 * `capacity` URLs (the oldest entry leaves first), so memory stays bounded whatever the queries.
 */
export class PublicResponseCache {
  private version = '';
  private readonly entries = new Map<string, CachedResponse>();
  private readonly capacity = 200;
  private readonly running = new Map<string, Promise<CachedResponse>>();

  get(version: string, url: string): CachedResponse | undefined {
    return version === this.version ? this.entries.get(url) : undefined;
  }

  /**
   * The response for a URL at a version: cached, or being computed for another request (one
   * computation for all: when a change empties the cache, the requests arriving together do not
   * each run the list query), or computed now. Kept when it is a 200.
   */
  load(
    version: string,
    url: string,
    compute: () => Promise<CachedResponse>,
  ): Promise<CachedResponse> {
    const hit = this.get(version, url);
    if (hit) return Promise.resolve(hit);
    const key = `${version} ${url}`;
    let running = this.running.get(key);
    if (!running) {
      running = compute().finally(() => this.running.delete(key));
      this.running.set(key, running);
      running.then(
        (r) => r.status === 200 && this.set(version, url, r),
        () => undefined,
      );
    }
    return running;
  }

  set(version: string, url: string, response: CachedResponse): void {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.delete(url);
    this.entries.set(url, response);
    if (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value as string);
  }
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
