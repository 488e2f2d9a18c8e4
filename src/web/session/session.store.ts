import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { Flash } from '../page-context.js';

/** A signed-in browser, as kept in Redis (ADR 1501). */
export interface WebSession {
  userId: string;
  /** The per-session CSRF token every non-GET request must carry. */
  csrfToken: string;
  /** Epoch milliseconds (wall clock): compared with the user's `tokensValidAfter`. */
  startedAt: number;
}

/** A session also ends this long after it started, however active (a stolen cookie dies). */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;

const newToken = () => randomBytes(32).toString('base64url');
// Redis holds a hash of the cookie value, so a copy of Redis gives no usable session.
const keyOf = (token: string) => `s:${createHash('sha256').update(token).digest('hex')}`;

/**
 * Server-side sessions in Redis under `QUEUE_PREFIX:web-session:`. Each request slides the expiry
 * (`WEB_SESSION_IDLE_MINUTES`), so Redis itself forgets idle sessions: nothing to sweep.
 */
@Injectable()
export class WebSessionStore implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly idleMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.idleMs = config.webSessionIdleMinutes * 60_000;
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: `${config.queuePrefix}:web-session:`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    // Failures reach the callers of each command (a 503 page); the event itself is not news.
    this.redis.on('error', () => undefined);
  }

  /** Starts a session; the returned token goes into the cookie and nowhere else. */
  async create(userId: string): Promise<{ token: string; session: WebSession }> {
    const token = newToken();
    // Wall-clock time, as the users' tokensValidAfter it is compared with.
    const session: WebSession = { userId, csrfToken: newToken(), startedAt: Date.now() };
    await this.redis
      .multi()
      .hset(keyOf(token), {
        userId,
        csrfToken: session.csrfToken,
        startedAt: String(session.startedAt),
      })
      .pexpire(keyOf(token), this.idleMs)
      .exec();
    return { token, session };
  }

  /**
   * The session behind a cookie value with its pending flash messages, its idle expiry pushed
   * back; null when unknown or ended. One round trip.
   */
  async touch(token: string): Promise<{ session: WebSession; flash: Flash[] } | null> {
    const key = keyOf(token);
    const res = await this.redis.multi().hgetall(key).pexpire(key, this.idleMs).exec();
    const data = (res?.[0]?.[1] ?? {}) as Record<string, string>;
    if (!data.userId || !data.csrfToken || !data.startedAt) return null;
    return {
      session: {
        userId: data.userId,
        csrfToken: data.csrfToken,
        startedAt: Number(data.startedAt),
      },
      flash: data.flash ? (JSON.parse(data.flash) as Flash[]) : [],
    };
  }

  async destroy(token: string): Promise<void> {
    await this.redis.del(keyOf(token));
  }

  /** Adds a message shown once on the next page of this session. */
  async addFlash(token: string, flash: Flash): Promise<void> {
    const key = keyOf(token);
    // Only for a live session: a flash must not resurrect an ended one.
    const raw = await this.redis.hget(key, 'flash');
    if (!(await this.redis.exists(key))) return;
    const list: Flash[] = raw ? (JSON.parse(raw) as Flash[]) : [];
    await this.redis.hset(key, 'flash', JSON.stringify([...list, flash]));
  }

  /** Once shown, the pending messages are gone. */
  async clearFlash(token: string): Promise<void> {
    await this.redis.hdel(keyOf(token), 'flash');
  }

  /** Milliseconds before the session expires if idle (tests check the sliding expiry). */
  async remainingMs(token: string): Promise<number> {
    return this.redis.pttl(keyOf(token));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
