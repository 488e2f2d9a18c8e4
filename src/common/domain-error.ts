/** Stable error codes. Adding one without a status in `statusOf` is a compile error. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'STALE_VERSION'
  | 'CONFLICT'
  | 'EMAIL_TAKEN'
  | 'EMPLOYER_SIRET_TAKEN'
  | 'TRANSITION_NOT_ALLOWED'
  | 'GONE'
  | 'SERVICE_UNAVAILABLE';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static invalid(field: string, message: string): DomainError {
    return new DomainError('VALIDATION_FAILED', 'The request is not valid', {}, [
      { field, message },
    ]);
  }
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'INVALID_CREDENTIALS':
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'STALE_VERSION':
    case 'CONFLICT':
    case 'EMAIL_TAKEN':
    case 'EMPLOYER_SIRET_TAKEN':
    case 'TRANSITION_NOT_ALLOWED':
      return 409;
    case 'GONE':
      return 410;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
