import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { Role } from '../common/vocabulary.js';
import { UsersService } from '../users/users.service.js';
import { hasRole, IS_PUBLIC, MIN_ROLE, type AuthUser } from './auth.decorators.js';

/** Global guard: every route needs a valid token for an active user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new DomainError('UNAUTHENTICATED', 'A bearer token is required');

    let sub: string;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token, { algorithms: ['HS256'] }));
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    }
    // Re-read the user on every request: deactivation and role changes apply at once.
    const user = await this.users.findActive(sub);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    req.user = user;

    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets) ?? 'adviser';
    if (!hasRole(user, min))
      throw new DomainError('FORBIDDEN', `This action needs the ${min} role`);
    return true;
  }
}
