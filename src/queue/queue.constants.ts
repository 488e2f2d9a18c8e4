import type { DefaultJobOptions, RedisOptions } from 'bullmq';

export const QUEUES = {
  mail: 'mail',
  reminders: 'reminders',
  surveys: 'surveys',
  maintenance: 'maintenance',
  // Background employer imports (ADR 1403): long jobs, apart so they never hold up the others.
  imports: 'imports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: QueueName[] = Object.values(QUEUES);

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Bounded retention: Redis is a work queue here, not an archive.
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** Connection options from REDIS_URL; BullMQ workers need maxRetriesPerRequest: null. */
export function redisOptions(redisUrl: string): RedisOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}
