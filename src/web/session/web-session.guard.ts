import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { hasRole, MIN_ROLE, type AuthUser } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import type { Role } from '../../common/vocabulary.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { UsersService } from '../../users/users.service.js';
import type { PageContext } from '../page-context.js';
import {
  CsrfRejected,
  WEB_ANONYMOUS,
  WebRedirect,
  type WebRequest,
  type WebState,
} from '../web-request.js';
import { clearCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE } from './cookies.js';
import { fromSameOrigin, isSafeMethod, presentedToken, sameToken } from './csrf.js';
import { SESSION_MAX_AGE_MS, WebSessionStore, type WebSession } from './session.store.js';

/** Where a person without a session is sent, coming back to `path` after logging in. */
export function loginUrl(path: string): string {
  return path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}

/**
 * Every staff page goes through here: the session from the cookie (ended when idle, too old, or
 * when the user was deactivated or changed password since it started), the role, and on every
 * non-GET request the CSRF token and the Origin. Failing requests never reach the handler.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionStore,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const targets = [context.getHandler(), context.getClass()];
    const anonymous = this.reflector.getAllAndOverride<boolean>(WEB_ANONYMOUS, targets) ?? false;
    // Same-origin form posts must carry their Origin: helmet's `no-referrer` would make it "null".
    res.setHeader('Referrer-Policy', 'same-origin');

    const token = readCookie(req, SESSION_COOKIE);
    const found = token ? await this.sessions.touch(token) : null;
    let session: WebSession | null = found?.session ?? null;
    let user: AuthUser | null = null;
    if (session && token) {
      user = await this.liveUser(session);
      if (!user) {
        await this.sessions.destroy(token);
        clearCookie(res, this.config, SESSION_COOKIE);
        session = null;
      }
    }
    const safe = isSafeMethod(req.method);
    const flash = safe && session && token && found?.flash.length ? found.flash : [];
    if (flash.length && token) await this.sessions.clearFlash(token);

    const ctx: PageContext = {
      user,
      csrfToken: session?.csrfToken ?? '',
      path: req.path,
      flash,
      timeZone: this.config.timeZone,
    };
    const state: WebState = { ctx, token: session ? token : null, session };
    req.web = state;

    if (!safe) this.checkCsrf(req, session, anonymous);
    if (anonymous) return true;
    if (!user) {
      if (safe) throw new WebRedirect(loginUrl(req.originalUrl));
      // A form sent after the session ended: nothing is written; the page says to log in again.
      throw new CsrfRejected('no session');
    }
    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets) ?? 'adviser';
    if (!hasRole(user, min)) throw new DomainError('FORBIDDEN', `This page needs the ${min} role`);
    return true;
  }

  /** The session's user if still active and the session began after their last revocation. */
  private async liveUser(session: WebSession): Promise<AuthUser | null> {
    // Wall-clock time, like Redis expiry and the users' tokensValidAfter.
    if (Date.now() - session.startedAt > SESSION_MAX_AGE_MS) return null;
    const user = await this.users.findActive(session.userId);
    if (!user) return null;
    const { tokensValidAfter, ...rest } = user;
    if (tokensValidAfter && session.startedAt < tokensValidAfter.getTime()) return null;
    return rest;
  }

  private checkCsrf(req: WebRequest, session: WebSession | null, anonymous: boolean): void {
    if (!fromSameOrigin(req, this.config.publicBaseUrl)) throw new CsrfRejected('origin');
    const presented = presentedToken(req);
    // Before a session exists (the login form) the token is the double-submit cookie's.
    const expected = session?.csrfToken ?? (anonymous ? readCookie(req, LOGIN_CSRF_COOKIE) : null);
    if (!sameToken(presented, expected)) throw new CsrfRejected('token');
  }
}
