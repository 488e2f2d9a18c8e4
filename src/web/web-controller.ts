import {
  applyDecorators,
  Controller,
  createParamDecorator,
  SetMetadata,
  UseFilters,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import type { PageContext } from './page-context.js';
import { WebExceptionFilter } from './errors/web-exception.filter.js';
import { WebSessionGuard } from './session/web-session.guard.js';
import { WEB_ANONYMOUS, type WebRequest } from './web-request.js';

/**
 * A controller of staff pages: outside the API's bearer guard and OpenAPI document, behind the
 * web session guard (session, active user, role from `@MinRole`, CSRF and Origin on non-GET),
 * with errors rendered as French pages. Routes are adviser-and-above unless `@MinRole` says more.
 */
export function WebController(prefix = ''): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    Public(),
    Controller(prefix),
    UseGuards(WebSessionGuard),
    UseFilters(WebExceptionFilter),
  );
}

/** A page open without a session (the login page). CSRF and Origin checks still apply. */
export const AnonymousPage = () => SetMetadata(WEB_ANONYMOUS, true);

/** The page context the guard built: user, CSRF token, path, flashes, time zone. */
export const Ctx = createParamDecorator((_: unknown, c: ExecutionContext): PageContext => {
  const state = c.switchToHttp().getRequest<WebRequest>().web;
  if (!state) throw new Error('@Ctx() used outside a @WebController');
  return state.ctx;
});
