import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { EntityManager } from 'typeorm';
import { localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** How long a cached result is kept without being read again. */
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * The figures of closed months, cached in Redis under a key that holds the number of changes
 * recorded for the period's months (ADR 1612, migration 1797200000100): a change to a row the
 * figures were computed from adds a row to `indicator_changes`, so the key moves on and the stale
 * entry is never read again. Best effort: without Redis, every request computes.
 *
 * What is cached is the rows of the families' queries (ids and counts, no names), not the
 * report: labels, and the families describing the present (overdue, at risk), are computed on
 * every request.
 */
@Injectable()
export class IndicatorCache implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: `${config.queuePrefix}:indicators:`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 500,
    });
    this.redis.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * The cache key of a period, read in the snapshot the figures are computed in, or null when the
   * period is not closed: it ends before the month of yesterday, both in the service's calendar
   * and in the database's (whose triggers skip the current month; an hour of margin for a writer
   * whose transaction spans the turn of the month).
   */
  async keyFor(
    m: EntityManager,
    period: { from: string; to: string },
    groupBy: string | undefined,
    now: Date,
  ): Promise<string | null> {
    if (period.to >= this.firstOpenDay(now)) return null;
    // Two counts, not one with OR: each is an index-only scan of the month index (with OR, a
    // bitmap scan read every change row's heap page: 197 pages instead of 16 for a national year).
    const [row] = (await m.query(
      `SELECT $2::date < date_trunc('month', now() AT TIME ZONE 'UTC' - interval '1 day 1 hour')::date
                AS closed,
              (SELECT id::text FROM indicator_cache_scope) AS scope,
              ((SELECT count(*) FROM indicator_changes WHERE month = '-infinity')
               + (SELECT count(*) FROM indicator_changes
                   WHERE month >= date_trunc('month', $1::date)::date AND month <= $2::date))::text
                AS changes`,
      [period.from, period.to],
    )) as { closed: boolean; scope: string; changes: string }[];
    if (!row?.closed) return null;
    return `${row.scope}:${period.from}:${period.to}:${groupBy ?? '-'}:${row.changes}`;
  }

  /**
   * The first day of the open months, in the service's calendar: the first of the month of
   * yesterday (a contact logged this morning may still be dated yesterday). Periods ending before
   * it are closed, if the database agrees (`keyFor`).
   */
  firstOpenDay(now: Date): string {
    const yesterday = localDate(new Date(now.getTime() - 24 * 3600 * 1000), this.config.timeZone);
    return `${yesterday.slice(0, 7)}-01`;
  }

  /**
   * One computation per key in this process: the requests arriving while it runs wait for it
   * instead of each scanning a year of rows (which, ten at once on two cores, would all miss
   * their deadline and never fill the cache).
   */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let running = this.running.get(key) as Promise<T> | undefined;
    if (!running) {
      running = compute().finally(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  async get<T>(key: string): Promise<T | null> {
    try {
      // Read and keep alive in one round trip (Redis ≥ 6.2).
      const v = await this.redis.getex(key, 'EX', TTL_SECONDS);
      if (v === null) return null;
      return JSON.parse(v) as T;
    } catch {
      return null;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
    } catch {
      // Best effort: the next request computes again.
    }
  }
}
