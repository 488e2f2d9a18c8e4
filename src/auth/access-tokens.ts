import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Role } from '../common/vocabulary.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth.decorators.js';

/** Without Redis a revoked token cannot be told apart: refuse with a 503, never let it through. */
export function redisDown(): never {
  throw new DomainError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable');
}

export interface AccessClaims {
  sub: string;
  role: Role;
  /** Absent from tokens issued before logout existed: the token's hash stands in for it. */
  jti?: string;
  /** Seconds, with milliseconds as a fraction (RFC 7519 NumericDate allows non-integers). */
  iat: number;
  exp: number;
}

export interface VerifiedToken {
  user: AuthUser;
  claims: AccessClaims;
  /** The token's name in the logout denylist. */
  revocationKey: string;
}

/**
 * Issues and checks the API's bearer tokens (ADR 1420). A token is refused when its signature or
 * expiry is wrong, when its user is inactive, when it was issued before the user's
 * `tokensValidAfter` (password change, deactivation, reactivation), or after its logout (its
 * `jti` in a Redis denylist until it would have expired anyway).
 */
@Injectable()
export class AccessTokens implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: `${config.queuePrefix}:jwt-revoked:`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
  }

  issue(user: { id: string; role: Role }): Promise<string> {
    // Millisecond precision, so a token made in the same second as a revocation but after it
    // stays valid and one made before it does not.
    return this.jwt.signAsync({
      sub: user.id,
      role: user.role,
      jti: randomUUID(),
      iat: Date.now() / 1000,
    });
  }

  /** The user a token stands for and its claims, or null when the token must be refused. */
  async verify(token: string): Promise<VerifiedToken | null> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return null;
    const revocationKey =
      typeof claims.jti === 'string'
        ? claims.jti
        : createHash('sha256').update(token).digest('base64url');
    const [found, revoked] = await Promise.all([
      this.users.findActive(claims.sub),
      this.redis.exists(revocationKey).catch(redisDown),
    ]);
    if (!found || revoked) return null;
    const { tokensValidAfter, ...user } = found;
    if (tokensValidAfter && Math.round(claims.iat * 1000) < tokensValidAfter.getTime()) return null;
    return { user, claims, revocationKey };
  }

  /** Logout: the token is refused from now on; Redis forgets it once it has expired anyway. */
  async revoke(token: VerifiedToken): Promise<void> {
    const ms = Math.ceil(token.claims.exp * 1000 - Date.now());
    if (ms > 0) await this.redis.set(token.revocationKey, '1', 'PX', ms).catch(redisDown);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
