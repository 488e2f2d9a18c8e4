import { PublicResponseCache } from './public-http.js';

const page = (body: string) => ({ status: 200, type: 'html', body });

describe('PublicResponseCache', () => {
  it('answers only for the version its entries were built for', () => {
    const cache = new PublicResponseCache();
    cache.set('1.0', '/offres', page('v1'));
    expect(cache.get('1.0', '/offres')?.body).toBe('v1');
    expect(cache.get('2.0', '/offres')).toBeUndefined();
    // A newer version empties it: nothing of version 1 is served again.
    cache.set('2.0', '/offres?page=2', page('v2'));
    expect(cache.get('1.0', '/offres')).toBeUndefined();
    expect(cache.get('2.0', '/offres')).toBeUndefined();
    expect(cache.get('2.0', '/offres?page=2')?.body).toBe('v2');
  });

  it('keeps at most 200 URLs, dropping the oldest first', () => {
    const cache = new PublicResponseCache();
    for (let i = 0; i <= 200; i++) cache.set('1.0', `/offres?page=${i}`, page(String(i)));
    expect(cache.get('1.0', '/offres?page=0')).toBeUndefined();
    expect(cache.get('1.0', '/offres?page=1')?.body).toBe('1');
    expect(cache.get('1.0', '/offres?page=200')?.body).toBe('200');
  });
});

describe('PublicResponseCache.load', () => {
  it('computes once for the requests that arrive while it computes, then serves the copy', async () => {
    const cache = new PublicResponseCache();
    let runs = 0;
    let finish!: () => void;
    const compute = () => {
      runs++;
      return new Promise<ReturnType<typeof page>>((resolve) => {
        finish = () => resolve(page('liste'));
      });
    };
    const waiting = [1, 2, 3].map(() => cache.load('1.0', '/offres', compute));
    finish();
    expect((await Promise.all(waiting)).map((r) => r.body)).toEqual(['liste', 'liste', 'liste']);
    expect((await cache.load('1.0', '/offres', compute)).body).toBe('liste');
    expect(runs).toBe(1);
    // Another version computes again.
    const next = cache.load('2.0', '/offres', compute);
    finish();
    await next;
    expect(runs).toBe(2);
  });

  it('keeps neither a failure nor an answer other than 200', async () => {
    const cache = new PublicResponseCache();
    await expect(
      cache.load('1.0', '/offres', () => Promise.reject(new Error('base indisponible'))),
    ).rejects.toThrow('base indisponible');
    await cache.load('1.0', '/offres?page=9', () =>
      Promise.resolve({ status: 404, type: 'html', body: 'introuvable' }),
    );
    expect(cache.get('1.0', '/offres?page=9')).toBeUndefined();
    expect((await cache.load('1.0', '/offres', () => Promise.resolve(page('ok')))).body).toBe('ok');
  });
});
