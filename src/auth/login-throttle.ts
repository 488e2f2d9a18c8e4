import {
  applyDecorators,
  SetMetadata,
  UseGuards,
  type ExecutionContext,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  SkipThrottle,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { redisDown } from './access-tokens.js';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const LOGIN_ROUTE = 'loginRoute';
/** The per-account window: attempts on one email address are counted over 15 minutes. */
export const ACCOUNT_WINDOW_MS = 15 * 60_000;

/**
 * A login endpoint (API and web form): limited per client address (`login`) and per account
 * (`login-account`, keyed on the email typed, whether or not such an account exists).
 */
export const LoginThrottle = () =>
  applyDecorators(
    SetMetadata(LOGIN_ROUTE, true),
    UseGuards(ThrottlerGuard),
    SkipThrottle({ public: true }),
  );

const isLoginRoute = (ctx: ExecutionContext) =>
  Reflect.getMetadata(LOGIN_ROUTE, ctx.getHandler()) === true;

const emailOf = (ctx: ExecutionContext): string | null => {
  const body = ctx.switchToHttp().getRequest<{ body?: Record<string, unknown> }>().body;
  const email = body?.email;
  return typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : null;
};

// Counters are shared by every route of one throttler (the API's and the web form's login count
// together) and named by a hash: Redis keys hold neither addresses nor emails.
const sharedKey = (_ctx: ExecutionContext, tracker: string, name: string) =>
  createHash('sha256').update(`${name}\n${tracker}`).digest('base64url');

// INCR the window counter; once over the limit, a block key lives for the block duration.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

/**
 * @nestjs/throttler's storage in Redis, so that limits hold across API replicas (the maintained
 * Redis storages do not accept Nest 12 yet: ADR 1421). Keys under `QUEUE_PREFIX:throttle:`.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly redis: Redis;

  constructor(config: AppConfig) {
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: `${config.queuePrefix}:throttle:`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const k = `${throttlerName}:${key}`;
    const [hits, ttlMs, blockMs] = (await this.redis
      .eval(INCREMENT, 2, `${k}:hits`, `${k}:block`, ttl, limit, blockDuration)
      .catch(redisDown)) as [number, number, number];
    const isBlocked = blockMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockMs / 1000) : 0,
    };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

/** The throttlers of the whole service: login per client and per account, public pages. */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    storage: new RedisThrottlerStorage(config),
    throttlers: [
      {
        name: 'login',
        ttl: 60_000,
        limit: config.loginRatePerMinute,
        generateKey: sharedKey,
        skipIf: (ctx) => !isLoginRoute(ctx),
      },
      {
        name: 'login-account',
        ttl: ACCOUNT_WINDOW_MS,
        limit: config.loginRatePerAccount,
        getTracker: (_req, ctx) => emailOf(ctx) ?? '',
        generateKey: sharedKey,
        // No email typed: nothing to count per account (the per-client limit still applies).
        skipIf: (ctx) => !isLoginRoute(ctx) || emailOf(ctx) === null,
      },
      { name: 'public', ttl: 60_000, limit: config.publicRatePerMinute },
    ],
  };
}
