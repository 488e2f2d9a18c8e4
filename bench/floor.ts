import pg from 'pg';

export interface Captured {
  query: string;
  parameters: unknown[];
}

export interface RunStats {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The floor: the same SQL the service ran for one request, replayed directly through `pg` by
 * `connections` concurrent clients for `seconds`. What the database alone can do on that work.
 */
export async function runFloor(
  databaseUrl: string,
  statements: Captured[],
  connections: number,
  seconds: number,
  warmupSeconds: number,
): Promise<RunStats> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  const once = async () => {
    const client = await pool.connect();
    try {
      for (const s of statements) await client.query(s.query, s.parameters as unknown[]);
    } finally {
      client.release();
    }
  };
  const loop = async (until: number, latencies: number[] | null, counters: { errors: number }) => {
    while (Date.now() < until) {
      const t0 = performance.now();
      try {
        await once();
        latencies?.push(performance.now() - t0);
      } catch {
        counters.errors++;
      }
    }
  };
  try {
    const warm = { errors: 0 };
    await Promise.all(
      Array.from({ length: connections }, () =>
        loop(Date.now() + warmupSeconds * 1000, null, warm),
      ),
    );
    const latencies: number[] = [];
    const counters = { errors: 0 };
    const started = Date.now();
    await Promise.all(
      Array.from({ length: connections }, () =>
        loop(started + seconds * 1000, latencies, counters),
      ),
    );
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      rps: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors: counters.errors,
    };
  } finally {
    await pool.end();
  }
}
