import { Permits } from './permits.js';

describe('Permits', () => {
  it('runs at most `size` works at once, the others in arrival order as permits free up', async () => {
    const permits = new Permits(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const all = [1, 2, 3, 4].map((n) =>
      permits.use(async () => {
        running++;
        most = Math.max(most, running);
        order.push(n);
        await new Promise<void>((r) => releases.push(r));
        running--;
        return n;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([1, 2]);
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([1, 2, 3]);
    while (order.length < 4 || releases.length) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('gives the permit back when the work throws', async () => {
    const permits = new Permits(1);
    await expect(permits.use(() => Promise.reject(new Error('refused')))).rejects.toThrow(
      'refused',
    );
    expect(await permits.use(() => Promise.resolve('next'))).toBe('next');
  });
});
