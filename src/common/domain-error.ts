/**
 * Stable error codes, one per situation a client may want to tell apart (listed in
 * docs/errors.md). Adding one without a status in `statusOf` — and without a French sentence in
 * `web/messages.ts` — is a compile error.
 */
export type ErrorCode =
  // any module
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'STALE_VERSION'
  | 'CONCURRENT_UPDATE'
  | 'TRANSITION_NOT_ALLOWED'
  | 'SERVICE_UNAVAILABLE'
  // auth and users
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'EMAIL_TAKEN'
  | 'OWN_ACCOUNT_PROTECTED'
  // employers
  | 'EMPLOYER_SIRET_TAKEN'
  | 'EMPLOYER_MERGED'
  | 'MERGE_TARGET_ARCHIVED'
  // contacts and young people
  | 'PERSON_ERASED'
  | 'EXTERNAL_ID_TAKEN'
  // placements and follow-ups
  | 'PLACEMENT_NOT_HIRED'
  | 'PLACEMENT_CLOSED'
  | 'FOLLOW_UP_CLOSED'
  // events
  | 'EVENT_FULL'
  | 'EVENT_NOT_STARTED'
  // surveys
  | 'CAMPAIGN_EXISTS';

export interface FieldError {
  field: string;
  message: string;
  /** For a file refused for its header: the columns it lacks, so a page can say it in French. */
  missingColumns?: string[];
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
    case 'CONCURRENT_UPDATE':
    case 'TRANSITION_NOT_ALLOWED':
    case 'EMAIL_TAKEN':
    case 'OWN_ACCOUNT_PROTECTED':
    case 'EMPLOYER_SIRET_TAKEN':
    case 'EMPLOYER_MERGED':
    case 'MERGE_TARGET_ARCHIVED':
    case 'PERSON_ERASED':
    case 'EXTERNAL_ID_TAKEN':
    case 'PLACEMENT_NOT_HIRED':
    case 'PLACEMENT_CLOSED':
    case 'FOLLOW_UP_CLOSED':
    case 'EVENT_FULL':
    case 'EVENT_NOT_STARTED':
    case 'CAMPAIGN_EXISTS':
      return 409;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
