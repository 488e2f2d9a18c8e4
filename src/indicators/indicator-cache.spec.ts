import { loadConfig } from '../config/config.js';
import { IndicatorCache } from './indicator-cache.js';

describe('IndicatorCache.once', () => {
  const cache = new IndicatorCache(loadConfig({ NODE_ENV: 'test' }));
  afterAll(() => cache.onModuleDestroy());

  it('runs one computation for the requests that arrive while it runs, then runs again', async () => {
    let runs = 0;
    let finish!: (v: string) => void;
    const compute = () => {
      runs++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const waiting = [1, 2, 3].map(() => cache.once('2025-01-01:2025-12-31:-:7', compute));
    finish('chiffres');
    expect(await Promise.all(waiting)).toEqual(['chiffres', 'chiffres', 'chiffres']);
    expect(runs).toBe(1);
    // Done: the next request computes (or, in the service, finds the cache filled).
    const next = cache.once('2025-01-01:2025-12-31:-:7', compute);
    finish('encore');
    expect(await next).toBe('encore');
    expect(runs).toBe(2);
  });

  it('lets a failed computation be tried again', async () => {
    await expect(cache.once('k', () => Promise.reject(new Error('délai dépassé')))).rejects.toThrow(
      'délai dépassé',
    );
    expect(await cache.once('k', () => Promise.resolve('ok'))).toBe('ok');
  });
});
