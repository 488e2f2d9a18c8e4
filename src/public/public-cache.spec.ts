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
