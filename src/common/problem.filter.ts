import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError, statusOf, type FieldError } from './domain-error.js';
import { isDatabaseUnavailable } from './db-errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, more: Partial<Problem> = {}): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...more };
}

/** Turns anything thrown into RFC 9457 problem+json; unknown errors leak nothing but a request id. */
export function toProblem(
  err: unknown,
  requestId: string | undefined,
): { problem: Problem; unexpected: boolean } {
  if (err instanceof DomainError) {
    const p = problem(statusOf(err.code), err.detail, { code: err.code, ...err.extra });
    if (err.errors.length) p.errors = err.errors;
    return { problem: p, unexpected: false };
  }
  if (err instanceof ThrottlerException) {
    return { problem: problem(429, 'Too many requests, retry later'), unexpected: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    if (typeof body === 'object' && body !== null && 'details' in body && 'error' in body) {
      // Terminus readiness result: keep which dependency is down.
      const { info, error, details } = body as Record<string, unknown>;
      return {
        problem: problem(status, 'The service is not ready', { info, error, details }),
        unexpected: false,
      };
    }
    if (typeof body === 'object' && body !== null && 'errors' in body) {
      return {
        problem: problem(status, 'The request is not valid', body as Partial<Problem>),
        unexpected: false,
      };
    }
    const message =
      typeof body === 'string'
        ? body
        : typeof body === 'object' && body && 'message' in body
          ? String((body as { message: unknown }).message)
          : err.message;
    // body-parser errors (bad JSON, too large) arrive as HttpException-like errors with a status.
    return { problem: problem(status, message), unexpected: status >= 500 };
  }
  const status =
    (err as { status?: unknown; statusCode?: unknown })?.status ??
    (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // express/body-parser errors: malformed JSON (400), entity too large (413), bad charset (415).
    const own = (err as { publicDetail?: unknown }).publicDetail;
    const detail =
      typeof own === 'string'
        ? own
        : status === 413
          ? 'The request body is too large'
          : status === 400
            ? 'The request body is not valid JSON'
            : 'The request cannot be processed';
    return { problem: problem(status, detail), unexpected: false };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      problem: problem(503, 'The service is temporarily unavailable, retry shortly'),
      unexpected: true,
    };
  }
  return {
    problem: problem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'An unexpected error occurred',
      requestId ? { requestId } : {},
    ),
    unexpected: true,
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = req.id === undefined ? undefined : String(req.id);
    const { problem: p, unexpected } = toProblem(err, requestId);
    if (unexpected) {
      // Log the class and stack only: messages from drivers may embed user data.
      this.logger.error(
        {
          requestId,
          err: { type: (err as Error)?.constructor?.name, stack: (err as Error)?.stack },
        },
        'request failed',
      );
    }
    if (res.headersSent) return;
    if (p.status === 503) res.setHeader('Retry-After', '5');
    if (p.status === 429) {
      // @nestjs/throttler names the header after the throttler (Retry-After-login): expose the standard one.
      const named = Object.keys(res.getHeaders()).find((h) => h.startsWith('retry-after-'));
      res.setHeader('Retry-After', String(named ? res.getHeader(named) : 60));
    }
    res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
  }
}
