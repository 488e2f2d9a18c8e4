import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** How often a worker says it is alive, and how long the word holds. */
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_TTL_SECONDS = 45;

/** One key per host: in a container the host name is the container's, so each checks itself. */
export function heartbeatKey(queuePrefix: string, host = hostname()): string {
  return `${queuePrefix}:worker-heartbeat:${host}`;
}

/**
 * A worker listens on no port, so its container health check cannot ask it over HTTP. It writes
 * a key with a short TTL to Redis instead; `dist/src/cli/worker-health.js` pings Redis and reads
 * it (docker/compose.yaml). A worker whose event loop is stuck or whose Redis is gone stops
 * renewing it and turns unhealthy within `HEARTBEAT_TTL_SECONDS`.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WorkerHeartbeat');
  private readonly client: Redis;
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = heartbeatKey(config.queuePrefix);
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.client.on('error', () => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    try {
      if (this.client.status === 'wait' || this.client.status === 'end')
        await this.client.connect();
      await this.client.set(this.key, new Date().toISOString(), 'EX', HEARTBEAT_TTL_SECONDS);
      if (this.failing) this.logger.log('heartbeat written again');
      this.failing = false;
    } catch (err) {
      // The key expires and the health check says so; one line, not one every 10 s.
      if (!this.failing) this.logger.warn(`heartbeat not written: ${(err as Error).message}`);
      this.failing = true;
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.client.disconnect();
  }
}
