import type { Request } from 'express';
import type { PageContext } from './page-context.js';
import type { WebSession } from './session/session.store.js';

/** What the web session guard attaches to the request for the controller and the error filter. */
export interface WebState {
  ctx: PageContext;
  /** The cookie value of the session, when there is a live one. */
  token: string | null;
  session: WebSession | null;
}

/** Metadata key of `@AnonymousPage()`. */
export const WEB_ANONYMOUS = 'webAnonymous';

export type WebRequest = Request & { web?: WebState };

/** A page answer that is a redirect (to the login page, typically), thrown from the guard. */
export class WebRedirect extends Error {
  constructor(
    readonly location: string,
    readonly status = 303,
  ) {
    super(`redirect to ${location}`);
  }
}

/** A non-GET request without the session's CSRF token or from another origin. */
export class CsrfRejected extends Error {
  constructor(readonly reason: string) {
    super(`CSRF check failed: ${reason}`);
  }
}
