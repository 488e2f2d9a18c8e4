import type { Role } from '../common/vocabulary.js';

/** The signed-in staff member, as the pages need them (re-read from the database per request). */
export interface WebUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export type FlashKind = 'success' | 'info' | 'error';

/** A one-time message shown at the top of the next page ("Contact enregistré."). */
export interface Flash {
  kind: FlashKind;
  text: string;
}

/** What every page receives besides its own data: who, where, the CSRF token, the flashes. */
export interface PageContext {
  user: WebUser | null;
  /** The session's CSRF token: every form posts it as `_csrf` (see components/form.tsx). */
  csrfToken: string;
  /** The request path, to mark the current navigation entry. */
  path: string;
  flash: Flash[];
  /** The app's time zone (APP_TIMEZONE), for the format helpers. */
  timeZone: string;
}
