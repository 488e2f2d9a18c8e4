import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueueName } from '../../src/queue/queue.constants.js';
import type { TestApp } from '../support/test-app.js';
import { REDIS_URL } from '../support/env.js';

export const queueOf = (t: TestApp, name: QueueName): Queue =>
  t.app.get<Queue>(getQueueToken(name), { strict: false });

/** Polls until `check` holds (returns truthy), or fails with the last value after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined | null | false;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Adds a job and waits for the in-process worker to finish it; returns the finished job. */
export async function runJob(
  t: TestApp,
  queue: QueueName,
  name: string,
  data: Record<string, unknown> = {},
  jobId?: string,
): Promise<Job> {
  const q = queueOf(t, queue);
  const added = await q.add(name, data, jobId ? { jobId } : {});
  return eventually(
    async () => {
      // The state first, then the job: a job read before it finished keeps a null returnvalue
      // even when its state, read a moment later, is already `completed`.
      const state = await q.getJobState(added.id!);
      return state === 'completed' || state === 'failed' ? q.getJob(added.id!) : undefined;
    },
    15_000,
    `job ${name}`,
  );
}

/** Deletes every Redis key of the app's queue prefix: what a Redis restart without persistence does. */
export async function flushQueueKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** The environment an operator's `npm run jobs` would run with, pointing at this test app. */
export function cliEnv(t: TestApp): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: t.config.databaseUrl,
    REDIS_URL: t.config.redisUrl,
    QUEUE_PREFIX: t.config.queuePrefix,
    SMTP_URL: t.config.smtpUrl,
    PUBLIC_BASE_URL: t.config.publicBaseUrl,
    LOG_LEVEL: 'silent',
  };
}
