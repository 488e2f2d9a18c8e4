import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A replica that failed is left alone this long; the probe may bring it back sooner. */
export const REPLICA_RETRY_AFTER_MS = 5_000;

interface PgPool {
  connect(
    cb: (err: Error | undefined, client: object, release: (err?: unknown) => void) => void,
  ): void;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: 'error', cb: (err: Error) => void): void;
}

type Credentials = { url?: string };
type Options = {
  replication?: { master: Credentials; slaves: Credentials[] };
  extra?: Record<string, unknown>;
};
type DriverInternals = {
  postgres: { Pool: new (options: Record<string, unknown>) => PgPool };
  slaves: PgPool[];
  createPool(options: Options, credentials: Credentials): Promise<PgPool>;
  obtainMasterConnection(): Promise<[object, (err?: unknown) => void]>;
  obtainSlaveConnection(): Promise<[object, (err?: unknown) => void]>;
};

const routers = new WeakMap<DataSource, ReplicaRouter>();

/** The router installed on this data source, if it has replicas. */
export function replicaRouterOf(ds: DataSource): ReplicaRouter | undefined {
  return routers.get(ds);
}

/**
 * Two changes to TypeORM's replication (ADR 1610), made on the driver before it connects:
 *
 * - a replica's pool is created without connecting: TypeORM tries one connection per replica at
 *   start and fails the whole boot when one is down, while the primary alone can serve;
 * - a 'slave' query runner gets a connection from the next replica that is not known to be down,
 *   and from the primary when none answers (TypeORM picks one at random and fails with it).
 *
 * Which replica served a connection is remembered, so that a failure in the middle of a read can
 * be retried on the primary and the replica set aside.
 */
export class ReplicaRouter {
  private readonly downUntil: number[];
  private next = 0;
  private readonly served = new WeakMap<object, number>();

  private constructor(
    private readonly driver: DriverInternals,
    readonly count: number,
  ) {
    this.downUntil = Array.from({ length: count }, () => 0);
  }

  static install(ds: DataSource): ReplicaRouter | undefined {
    const options = ds.options as Options;
    const slaves = options.replication?.slaves ?? [];
    if (!slaves.length) return undefined;
    const driver = ds.driver as unknown as PostgresDriver & DriverInternals;
    const router = new ReplicaRouter(driver, slaves.length);
    const createPool = driver.createPool.bind(driver);
    driver.createPool = async (opts: Options, credentials: Credentials) => {
      if (!opts.replication?.slaves.includes(credentials)) return createPool(opts, credentials);
      const pool = new driver.postgres.Pool({
        connectionString: credentials.url,
        ...opts.extra,
        application_name: `${String(opts.extra?.application_name ?? 'crm')}-read`,
      });
      // An idle connection dropped by a stopping replica must not crash the process.
      pool.on('error', () => undefined);
      return pool;
    };
    driver.obtainSlaveConnection = () => router.obtain();
    routers.set(ds, router);
    return router;
  }

  /** The replica (0-based) that served this pg client, or undefined for the primary. */
  replicaOf(client: unknown): number | undefined {
    return typeof client === 'object' && client !== null ? this.served.get(client) : undefined;
  }

  isDown(i: number): boolean {
    return this.downUntil[i]! > Date.now();
  }

  markDown(i: number): void {
    this.downUntil[i] = Date.now() + REPLICA_RETRY_AFTER_MS;
  }

  markUp(i: number): void {
    this.downUntil[i] = 0;
  }

  pool(i: number): PgPool {
    return this.driver.slaves[i]!;
  }

  private async obtain(): Promise<[object, (err?: unknown) => void]> {
    for (let k = 0; k < this.count; k++) {
      const i = (this.next + k) % this.count;
      if (this.isDown(i)) continue;
      try {
        const got = await connect(this.pool(i));
        this.next = (i + 1) % this.count;
        this.served.set(got[0], i);
        return got;
      } catch {
        this.markDown(i);
      }
    }
    return this.driver.obtainMasterConnection();
  }
}

function connect(pool: PgPool): Promise<[object, (err?: unknown) => void]> {
  return new Promise((resolve, reject) =>
    pool.connect((err, client, release) => (err ? reject(err) : resolve([client, release]))),
  );
}
