import { boardHref, findEpciName, isFiltered, parseBoardQuery } from './board-query.js';
import { renderRobots, renderUrlset, sitemapFileCount } from './crawlers.js';

function ok(query: Record<string, unknown>) {
  const r = parseBoardQuery(query);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.filter;
}

function fields(query: Record<string, unknown>): string[] {
  const r = parseBoardQuery(query);
  return r.ok ? [] : r.errors.map((e) => e.field);
}

describe('board query', () => {
  it('reads an empty query as the whole board, first page', () => {
    expect(ok({})).toEqual({
      q: '',
      words: [],
      commune: null,
      epci: null,
      contracts: [],
      workingTime: null,
      page: 1,
      embed: false,
    });
  });

  it('reads contract types from their French labels, whatever the case and accents', () => {
    expect(ok({ contrat: 'Apprentissage' }).contracts).toEqual(['apprenticeship']);
    expect(ok({ contrat: 'CDI' }).contracts).toEqual(['cdi']);
    expect(ok({ contrat: 'Intérim' }).contracts).toEqual(['temporary_work']);
    expect(ok({ contrat: 'interim' }).contracts).toEqual(['temporary_work']);
    expect(ok({ contrat: 'Contrat d’apprentissage' }).contracts).toEqual(['apprenticeship']);
    expect(ok({ contrat: ['cdd', 'CDI', 'cdi'] }).contracts).toEqual(['cdi', 'cdd']);
    expect(ok({ contrat: 'temporary_work' }).contracts).toEqual(['temporary_work']);
  });

  it('reads the working time in French', () => {
    expect(ok({ temps: 'partiel' }).workingTime).toBe('part_time');
    expect(ok({ temps: 'Temps plein' }).workingTime).toBe('full_time');
  });

  it('keeps the words as typed and drops punctuation-only ones', () => {
    const f = ok({ q: '  Pâtissier   — Besançon ' });
    expect(f.q).toBe('Pâtissier — Besançon');
    expect(f.words).toEqual(['Pâtissier', 'Besançon']);
  });

  it('accepts a real commune and EPCI, and knows the EPCI name', () => {
    expect(ok({ commune: '25056', epci: '242500361' })).toMatchObject({
      commune: '25056',
      epci: '242500361',
    });
    expect(findEpciName('242500361')).toMatch(/Besançon/);
    expect(ok({ commune: '2a004' }).commune).toBe('2A004');
  });

  it.each([
    [{ commune: '99999' }, 'commune'],
    [{ commune: 'Besançon' }, 'commune'],
    [{ commune: ['25056', '25388'] }, 'commune'],
    [{ epci: '123456789' }, 'epci'],
    [{ epci: "1' OR 1=1" }, 'epci'],
    [{ contrat: 'stage' }, 'contrat'],
    [{ contrat: { a: 'cdi' } }, 'contrat'],
    [{ temps: 'mi-temps' }, 'temps'],
    [{ page: '0' }, 'page'],
    [{ page: '501' }, 'page'],
    [{ page: '2.5' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ q: 'x'.repeat(101) }, 'q'],
    [{ q: ['a', 'b'] }, 'q'],
    [{ q: 'a b c d e f g h i' }, 'q'],
    [{ embed: 'yes' }, 'embed'],
  ])('refuses %j, naming the field', (query, field) => {
    expect(fields(query)).toEqual([field]);
  });

  it('ignores parameters it does not know (campaign tags on shared links)', () => {
    expect(ok({ utm_source: 'facebook', fbclid: 'x' })).toEqual(ok({}));
  });

  it('builds one canonical URL per view, round-tripping through the parser', () => {
    const f = ok({
      embed: '1',
      page: '2',
      temps: 'Temps partiel',
      contrat: ['CDD', 'Apprentissage'],
      epci: '242500361',
      commune: '25056',
      q: 'aide à domicile',
    });
    const href = boardHref(f);
    expect(href).toBe(
      '/offres?q=aide+%C3%A0+domicile&commune=25056&epci=242500361&contrat=cdd&contrat=apprentissage&temps=partiel&page=2&embed=1',
    );
    const again = new URL(href, 'https://x').searchParams;
    expect(
      ok({
        q: again.get('q')!,
        commune: again.get('commune')!,
        epci: again.get('epci')!,
        contrat: again.getAll('contrat'),
        temps: again.get('temps')!,
        page: again.get('page')!,
        embed: again.get('embed')!,
      }),
    ).toEqual(f);
    expect(boardHref(f, { page: 1, embed: false })).not.toMatch(/page=|embed=/);
    expect(boardHref(ok({}))).toBe('/offres');
    expect(isFiltered(ok({ page: '3' }))).toBe(false);
    expect(isFiltered(ok({ temps: 'plein' }))).toBe(true);
  });
});

describe('robots.txt and sitemap', () => {
  it('points to the sitemap and keeps staff and private paths out', () => {
    const txt = renderRobots('https://ml.example');
    expect(txt).toMatch(/^User-agent: \*$/m);
    expect(txt).toMatch(/^Sitemap: https:\/\/ml\.example\/sitemap\.xml$/m);
    for (const p of ['/api/', '/s/', '/calendar/', '/login', '/employers', '/admin', '/$'])
      expect(txt).toContain(`\nDisallow: ${p}\n`);
    expect(txt).toContain('\nAllow: /offres\n');
    expect(txt).not.toMatch(/^Disallow: \/offres/m);
    expect(txt).not.toMatch(/^Disallow: \/public\/job-offers\/$/m);
  });

  it('escapes sitemap values', () => {
    expect(renderUrlset([{ loc: 'https://x/?a=1&b=<2>', lastmod: null }])).toContain(
      '<loc>https://x/?a=1&amp;b=&lt;2&gt;</loc>',
    );
  });

  it('splits into numbered files only past one file', () => {
    expect(sitemapFileCount(0)).toBe(0);
    expect(sitemapFileCount(49_999)).toBe(0);
    expect(sitemapFileCount(50_000)).toBe(2);
    expect(sitemapFileCount(10, 4)).toBe(3);
  });
});
