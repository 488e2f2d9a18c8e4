import 'reflect-metadata';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { heartbeatKey, HEARTBEAT_TTL_SECONDS } from '../jobs/worker-heartbeat.js';

// The worker container's health check (docker/compose.yaml): Redis answers, and this host's
// worker renewed its heartbeat within the last HEARTBEAT_TTL_SECONDS. Exit 0 healthy, 1 not,
// with one line either way.

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const redis = new Redis(config.redisUrl, {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2000,
  retryStrategy: () => null,
});
redis.on('error', () => undefined);
let beat: string | null;
try {
  await redis.connect();
  await redis.ping();
  beat = await redis.get(heartbeatKey(config.queuePrefix));
} catch (err) {
  fail(`unhealthy: Redis does not answer (${(err as Error).message})`);
} finally {
  redis.disconnect();
}
if (!beat) fail(`unhealthy: no worker heartbeat on ${hostname()} for ${HEARTBEAT_TTL_SECONDS} s`);
process.stdout.write(`healthy: worker heartbeat at ${beat}\n`);
