import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { heartbeatKey } from '../../src/jobs/worker-heartbeat.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const exec = promisify(execFile);

/** `node dist/src/cli/worker-health.js`, the worker container's health check, against this app. */
async function healthCheck(
  t: TestApp,
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(process.execPath, ['dist/src/cli/worker-health.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        REDIS_URL: t.config.redisUrl,
        QUEUE_PREFIX: t.config.queuePrefix,
        ...env,
      },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('worker health check (no port: a heartbeat in Redis)', () => {
  let worker: TestApp;

  beforeAll(async () => {
    worker = await createTestApp({ role: 'worker', env: { JOB_SCHEDULES: 'false' } });
  });
  afterAll(() => worker?.close());

  it('is healthy while the worker beats, and says when the heartbeat is gone', async () => {
    const ok = await healthCheck(worker);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/^healthy: worker heartbeat at \d{4}-/);
    const redis = new Redis(worker.config.redisUrl);
    try {
      // As if the worker had stopped renewing it for longer than its TTL.
      await redis.del(heartbeatKey(worker.config.queuePrefix));
    } finally {
      redis.disconnect();
    }
    const stale = await healthCheck(worker);
    expect(stale.code).toBe(1);
    expect(stale.out.trim().split('\n')).toHaveLength(1);
    expect(stale.out).toMatch(/^unhealthy: no worker heartbeat on /);
  });

  it('is unhealthy, in one line, when Redis does not answer', async () => {
    const down = await healthCheck(worker, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.out.trim().split('\n')).toHaveLength(1);
    expect(down.out).toMatch(/^unhealthy: Redis does not answer/);
  });
});
