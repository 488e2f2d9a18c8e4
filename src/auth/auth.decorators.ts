import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../common/vocabulary.js';

export const IS_PUBLIC = 'isPublic';
export const MIN_ROLE = 'minRole';

/** Opens a route to unauthenticated callers; everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The least role allowed: adviser < manager < admin. */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE, role);

export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

const RANK: Record<Role, number> = { adviser: 1, manager: 2, admin: 3 };

export function hasRole(user: Pick<AuthUser, 'role'>, min: Role): boolean {
  return RANK[user.role] >= RANK[min];
}
