import {
  Catch,
  HttpException,
  Inject,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { h } from 'preact';
import { isDatabaseUnavailable } from '../../common/db-errors.js';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { messageForCode } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { render } from '../render.js';
import { CsrfRejected, WebRedirect, type WebRequest } from '../web-request.js';
import {
  BadRequestPage,
  ConflictPage,
  CsrfPage,
  ForbiddenPage,
  NotFoundPage,
  ServerErrorPage,
  TooManyRequestsPage,
} from './errors.pages.js';

/** A context for pages rendered before (or without) the session guard: no user, no menu. */
export function anonymousContext(path: string, timeZone: string): PageContext {
  return { user: null, csrfToken: '', path, flash: [], timeZone };
}

/**
 * Errors on staff pages become French pages with the right status (never problem+json, never a
 * stack): 403 for a role too low or a failed CSRF check, 404, 409, 429, 503, 500.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest & { id?: unknown }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (err instanceof WebRedirect) {
      res.redirect(err.status, err.location);
      return;
    }
    const ctx = req.web?.ctx ?? anonymousContext(req.path, this.config.timeZone);
    res.setHeader('Referrer-Policy', 'same-origin');
    if (err instanceof CsrfRejected) {
      // Logging out of a session that already ended: the wish is granted.
      if (err.reason === 'no session' && req.path === '/logout')
        return res.redirect(303, '/login?deconnexion');
      return render(res, h(CsrfPage, { ctx, sessionEnded: err.reason === 'no session' }), 403);
    }
    if (err instanceof ThrottlerException) {
      // The throttler names its header after the limit hit (Retry-After-login-account…).
      const named = Object.keys(res.getHeaders()).find((k) => k.startsWith('retry-after-'));
      const seconds = Math.max(1, Number(named ? res.getHeader(named) : 60) || 60);
      res.setHeader('Retry-After', String(seconds));
      return render(res, h(TooManyRequestsPage, { ctx, minutes: Math.ceil(seconds / 60) }), 429);
    }
    if (err instanceof DomainError) {
      switch (err.code) {
        case 'NOT_FOUND':
          return render(res, h(NotFoundPage, { ctx }), 404);
        case 'FORBIDDEN':
          return render(res, h(ForbiddenPage, { ctx }), 403);
        case 'UNAUTHENTICATED':
          return res.redirect(303, '/login');
        case 'SERVICE_UNAVAILABLE':
          return render(res, h(ServerErrorPage, { ctx, unavailable: true }), 503);
        case 'VALIDATION_FAILED':
          return render(res, h(BadRequestPage, { ctx, message: messageForCode(err.code) }), 400);
        default:
          return render(res, h(ConflictPage, { ctx, message: messageForCode(err.code) }), 409);
      }
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      if (status === 404) return render(res, h(NotFoundPage, { ctx }), 404);
      if (status < 500)
        return render(
          res,
          h(BadRequestPage, { ctx, message: 'La demande n’a pas pu être traitée.' }),
          status,
        );
    }
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser: a form too large or not decodable.
      return render(
        res,
        h(BadRequestPage, { ctx, message: 'Le formulaire envoyé n’a pas pu être lu.' }),
        status,
      );
    }
    const unavailable = isDatabaseUnavailable(err);
    // The class and stack only: driver messages may hold personal data.
    this.logger.error(
      {
        requestId: req.id,
        err: { type: (err as Error)?.constructor?.name, stack: (err as Error)?.stack },
      },
      'page failed',
    );
    return render(res, h(ServerErrorPage, { ctx, unavailable }), unavailable ? 503 : 500);
  }
}
