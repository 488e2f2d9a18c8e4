import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { UsersService } from '../users/users.service.js';
import { toUserResponse } from '../users/users.dto.js';
import { AccessTokens } from './access-tokens.js';
import type { LoginResponse } from './auth.dto.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<LoginResponse> {
    const found = await this.users.findForLogin(email);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
    // Same answer for an unknown email, a wrong password and a deactivated account.
    if (!found || !ok || !found.active)
      throw new DomainError('INVALID_CREDENTIALS', 'Invalid email or password');
    const accessToken = await this.tokens.issue(found);
    return { accessToken, expiresIn: this.config.jwtTtlSeconds, user: toUserResponse(found) };
  }
}
