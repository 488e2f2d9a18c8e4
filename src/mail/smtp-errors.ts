/** How a failed send should be handled (docs/product.md): 5xx is final, anything else may pass later. */
export interface SmtpFailure {
  kind: 'transient' | 'permanent';
  /** The SMTP reply code when the server answered one (e.g. 451, 550). */
  code: number | null;
  /** Short description for `outbound_emails.last_error` (never logged: it may name the address). */
  detail: string;
}

const MAX_DETAIL = 500;

/**
 * Classifies a nodemailer error. A 5xx reply (550 mailbox unknown, 553, 554...) means retrying
 * cannot help; a 4xx reply (451 greylisting, 452 mailbox full) and connection failures
 * (no reply code: timeouts, refused connections, DNS) are worth retrying with backoff.
 */
export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (err ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text =
    typeof e.response === 'string' && e.response
      ? e.response
      : typeof e.message === 'string'
        ? e.message
        : String(err);
  const prefix = code ? `SMTP ${code}` : typeof e.code === 'string' ? e.code : 'error';
  const detail = `${prefix}: ${text}`.replace(/\s+/g, ' ').slice(0, MAX_DETAIL);
  return {
    kind: code !== null && code >= 500 && code < 600 ? 'permanent' : 'transient',
    code,
    detail,
  };
}
