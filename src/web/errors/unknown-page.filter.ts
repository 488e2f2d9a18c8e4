import { Catch, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { h } from 'preact';
import { ProblemFilter } from '../../common/problem.filter.js';
import { render } from '../render.js';
import { NotFoundPage } from './errors.pages.js';
import { anonymousContext } from './web-exception.filter.js';

// Paths that belong to the API, the public site or tools: their 404 stays theirs.
const NOT_STAFF_PAGES =
  /^\/(api|public|docs|docs-json|health|s|calendar|offres|admin\/queues)(\/|$)/;

/**
 * The global filter: problem+json as before, except that a browser asking for an address that
 * matches no route outside the API gets the staff application's French 404 page.
 */
@Catch()
export class AppExceptionFilter extends ProblemFilter {
  constructor(private readonly timeZone: string) {
    super();
  }

  override catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && err instanceof NotFoundException) {
      const req = host.switchToHttp().getRequest<Request>();
      const res = host.switchToHttp().getResponse<Response>();
      const page =
        (req.method === 'GET' || req.method === 'HEAD') &&
        !NOT_STAFF_PAGES.test(req.path) &&
        req.accepts(['json', 'html']) === 'html';
      if (page && !res.headersSent) {
        render(res, h(NotFoundPage, { ctx: anonymousContext(req.path, this.timeZone) }), 404);
        return;
      }
    }
    super.catch(err, host);
  }
}
