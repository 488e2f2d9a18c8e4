import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isDatabaseUnavailable } from '../common/db-errors.js';
import { replicaRouterOf, type ReplicaRouter } from './replica-router.js';

/**
 * Whether the current request may read from a replica (ADR 1610). Outside any request (jobs,
 * CLIs) or when the context is lost, reads stay on the primary: the safe side.
 */
const requestReads = new AsyncLocalStorage<{ replicas: boolean }>();

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Express middleware: only GET and HEAD requests may read from a replica. A request that can
 * write (POST, PUT, PATCH, DELETE) reads from the primary all along, so a read that follows its
 * write in the same request always sees it.
 */
export function readRoutingMiddleware(req: { method: string }, _res: unknown, next: () => void) {
  requestReads.run({ replicas: SAFE_METHODS.has(req.method) }, next);
}

/** What `/health/ready` shows of a replica: no address (the endpoint is public). */
export interface ReplicaStatus {
  replica: number;
  status: 'up' | 'down';
  /** A streaming standby (false: the URL names a server that is not replaying WAL). */
  standby: boolean | null;
  /** Seconds of WAL received but not yet replayed; 0 when caught up; null when unknown. */
  lagSeconds: number | null;
}

// "Caught up" when everything received is replayed; otherwise the age of the last replayed
// transaction, which is how far behind the primary the replica's reads are.
const STATUS_SQL = `SELECT pg_is_in_recovery() AS standby,
  CASE WHEN NOT pg_is_in_recovery() THEN NULL
       WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
       ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 3)
  END AS lag`;

const PROBE_EVERY_MS = 5_000;
const PROBE_TIMEOUT_MS = 1_500;

/** A failed read on a replica that the primary can answer instead. */
function isReplicaFailure(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  // "canceling statement due to conflict with recovery": a standby-only failure.
  const code =
    (err as { driverError?: { code?: string } }).driverError?.code ??
    (err as { code?: string }).code;
  return code === '40001';
}

/**
 * The reads that may be slightly behind the primary go through here: indicators, exports, lists,
 * search and the public pages. With `DATABASE_REPLICA_URLS` unset, or in a request that writes,
 * they run on the primary exactly as before.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnModuleDestroy {
  private readonly router: ReplicaRouter | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.router = replicaRouterOf(ds);
  }

  get replicaCount(): number {
    return this.router?.count ?? 0;
  }

  /** Runs `fn` on a replica when allowed and one answers, on the primary otherwise. */
  async run<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const router = this.router;
    if (!router || requestReads.getStore()?.replicas !== true) return fn(this.ds.manager);
    const runner = this.ds.createQueryRunner('slave');
    try {
      const client: unknown = await runner.connect();
      const replica = router.replicaOf(client);
      try {
        return await fn(runner.manager);
      } catch (err) {
        if (replica === undefined || !isReplicaFailure(err)) throw err;
        if (isDatabaseUnavailable(err)) router.markDown(replica);
        return fn(this.ds.manager);
      }
    } finally {
      await runner.release().catch(() => undefined);
    }
  }

  /** One statement, routed as `run` (typed like `DataSource.query`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, params?: unknown[]): Promise<T> {
    return this.run((m) => m.query(sql, params) as Promise<T>);
  }

  /** A query builder's entities, routed as `run`. */
  many<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
    return this.run((m) => (m.queryRunner ? qb.setQueryRunner(m.queryRunner) : qb).getMany());
  }

  /** Each replica: reachable, replaying, and how far behind. Also refreshes the routing. */
  async status(): Promise<ReplicaStatus[]> {
    const router = this.router;
    if (!router) return [];
    return Promise.all(
      Array.from({ length: router.count }, async (_, i): Promise<ReplicaStatus> => {
        try {
          const { rows } = await withTimeout(router.pool(i).query(STATUS_SQL), PROBE_TIMEOUT_MS);
          const row = rows[0] as { standby: boolean; lag: number | string | null };
          router.markUp(i);
          return {
            replica: i + 1,
            status: 'up',
            standby: row.standby,
            lagSeconds: row.lag === null ? null : Number(row.lag),
          };
        } catch {
          router.markDown(i);
          return { replica: i + 1, status: 'down', standby: null, lagSeconds: null };
        }
      }),
    );
  }

  /** A replica set aside after a failure comes back as soon as it answers again. */
  onModuleInit(): void {
    if (!this.router) return;
    this.timer = setInterval(() => {
      void this.status().catch(() => undefined);
    }, PROBE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
