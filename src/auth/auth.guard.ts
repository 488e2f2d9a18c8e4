import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { Role } from '../common/vocabulary.js';
import { AccessTokens, type VerifiedToken } from './access-tokens.js';
import { hasRole, IS_PUBLIC, MIN_ROLE, type AuthUser } from './auth.decorators.js';

export type AuthedRequest = Request & { user?: AuthUser; verifiedToken?: VerifiedToken };

/** Global guard: every route needs a valid token for an active user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new DomainError('UNAUTHENTICATED', 'A bearer token is required');

    // The user is re-read on every request: deactivation, revocation and role changes apply at once.
    const verified = await this.tokens.verify(token);
    if (!verified) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    req.user = verified.user;
    req.verifiedToken = verified;

    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets) ?? 'adviser';
    if (!hasRole(verified.user, min))
      throw new DomainError('FORBIDDEN', `This action needs the ${min} role`);
    return true;
  }
}
