import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/** How long a checked file waits for its confirmation (ADR 1576). */
export const PENDING_UPLOAD_TTL_S = 30 * 60;

/**
 * Files checked by a dry run, kept in Redis until the same user confirms the import (ADR 1576):
 * a browser cannot send a file again without the user choosing it again, and every app instance
 * sees Redis. Each entry expires on its own; a confirmed import deletes it at once.
 */
@Injectable()
export class PendingUploads implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: `${config.queuePrefix}:web-import:`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
  }

  /** Keeps the file for `userId`; the returned id goes into the confirmation form. */
  async keep(userId: string, fileName: string, content: Buffer): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await this.redis
      .multi()
      .hset(id, { userId, fileName, content })
      .expire(id, PENDING_UPLOAD_TTL_S)
      .exec();
    return id;
  }

  /** The file kept under `id`, only for the user who sent it; null when unknown or expired. */
  async get(userId: string, id: string): Promise<{ fileName: string; content: Buffer } | null> {
    if (!/^[0-9a-f]{32}$/.test(id)) return null;
    const [owner, fileName, content] = await this.redis.hmgetBuffer(
      id,
      'userId',
      'fileName',
      'content',
    );
    if (!owner || !content || owner.toString() !== userId) return null;
    return { fileName: fileName?.toString() ?? '', content };
  }

  /** Forgets the file; true when it was still there (a second confirmation finds nothing). */
  async drop(id: string): Promise<boolean> {
    return (await this.redis.del(id)) === 1;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
