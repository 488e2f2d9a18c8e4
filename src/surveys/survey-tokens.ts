import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters): 256 bits, never stored in clear. */
export function newSurveyToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Rejects anything that cannot be one of our tokens before touching the database. */
export function isSurveyTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Constant-time check of a presented token against a stored hash. The lookup itself is by hash
 * (an index on a SHA-256 reveals nothing useful through timing); this re-check keeps the
 * comparison itself free of early exits.
 */
export function tokenMatches(token: string, storedHash: Buffer): boolean {
  const h = hashSurveyToken(token);
  return h.length === storedHash.length && timingSafeEqual(h, storedHash);
}
