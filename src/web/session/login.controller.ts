import { Body, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../../auth/auth.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { FieldErrors } from '../components/form.js';
import { messageForCode } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { AnonymousPage, Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import {
  clearCookie,
  LOGIN_CSRF_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setCookie,
} from './cookies.js';
import { LoginPage } from './login.pages.js';
import { WebSessionStore } from './session.store.js';

/** Only a path of this site: `/employers?q=x`, never `//evil.example` or `https://…`. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return undefined;
  if (next.startsWith('/\\') || next.length > 2000) return undefined;
  return next;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** GET and POST /login, POST /logout: a session starts and ends here. */
@WebController()
export class LoginController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @AnonymousPage()
  @Get('login')
  show(
    @Ctx() ctx: PageContext,
    @Query('next') next: unknown,
    @Query('deconnexion') loggedOut: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): void {
    if (ctx.user) return res.redirect(303, safeNext(next) ?? '/');
    render(
      res,
      h(LoginPage, {
        ctx,
        csrfToken: this.loginToken(req, res),
        next: safeNext(next),
        loggedOut: loggedOut !== undefined,
      }),
    );
  }

  @AnonymousPage()
  // The same limits and counters as the API's login: per client address and per account.
  @LoginThrottle()
  @Post('login')
  async login(
    @Ctx() ctx: PageContext,
    @Body() body: Record<string, unknown>,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    const email = text(body.email).trim();
    const password = text(body.password);
    const next = safeNext(body.next);
    const errors: FieldErrors = {};
    if (!email) errors.email = 'Saisissez votre adresse e-mail.';
    if (!password) errors.password = 'Saisissez votre mot de passe.';
    if (!errors.email && !errors.password && (email.length > 320 || password.length > 1024))
      errors.email = messageForCode('INVALID_CREDENTIALS');
    if (!Object.keys(errors).length) {
      try {
        const { user } = await this.auth.login(email, password);
        // A new session id at every login (no fixation); an older session of this browser ends.
        const old = readCookie(req, SESSION_COOKIE);
        if (old) await this.sessions.destroy(old);
        const { token } = await this.sessions.create(user.id);
        setCookie(res, this.config, SESSION_COOKIE, token);
        clearCookie(res, this.config, LOGIN_CSRF_COOKIE);
        return redirectAfterPost(res, next ?? '/');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'INVALID_CREDENTIALS') throw err;
        errors.email = messageForCode('INVALID_CREDENTIALS');
      }
    }
    render(
      res,
      h(LoginPage, { ctx, csrfToken: this.loginToken(req, res), email, next, errors }),
      errors.email === messageForCode('INVALID_CREDENTIALS') ? 401 : 400,
    );
  }

  @Post('logout')
  async logout(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    // The guard has checked the session and its CSRF token: only this site's pages log out.
    if (req.web?.token) await this.sessions.destroy(req.web.token);
    clearCookie(res, this.config, SESSION_COOKIE);
    redirectAfterPost(res, '/login?deconnexion');
  }

  /** The token of the login form: the session's if any, else a double-submit cookie's. */
  private loginToken(req: WebRequest, res: Response): string {
    if (req.web?.ctx.csrfToken) return req.web.ctx.csrfToken;
    const existing = readCookie(req, LOGIN_CSRF_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    setCookie(res, this.config, LOGIN_CSRF_COOKIE, token);
    return token;
  }
}
