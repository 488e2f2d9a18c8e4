import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The HS256 key of the API's bearer tokens, made once. Given the secret as a string, jsonwebtoken
 * first tries to parse it as a PEM public key on every verify and sign, and builds the HMAC key
 * only after that parse has thrown: the largest JavaScript cost of an authenticated request
 * (docs/performance.md, "Where a request's CPU goes"). The key bytes are the secret's UTF-8, as
 * jsonwebtoken's own fallback made them, so tokens issued before stay valid.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
