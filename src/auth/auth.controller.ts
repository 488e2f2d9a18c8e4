import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserResponse } from '../users/users.dto.js';
import { CurrentUser, Public, type AuthUser } from './auth.decorators.js';
import { LoginDto, LoginResponse } from './auth.dto.js';
import { AccessTokens } from './access-tokens.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: AccessTokens,
  ) {}

  @Public()
  @LoginThrottle()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password);
  }

  /** Revokes the token presented (and only it); the user's other tokens stay valid. */
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'the token is refused from now on' })
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: AuthedRequest): Promise<void> {
    await this.tokens.revoke(req.verifiedToken!);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthUser): UserResponse {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      active: true,
    };
  }
}
