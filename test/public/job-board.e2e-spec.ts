import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aPublishedOffer, hiddenOffers } from '../support/factories/job-offer.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const BASE = 'https://crm.test';
const GRAND_BESANCON = '242500361';
const MONTBELIARD_AGGLO = '200065647';

/** The offer ids linked from a board page, in page order. */
function offerIds(html: string): string[] {
  return [...html.matchAll(/href="\/public\/job-offers\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

describe('public job board /offres', () => {
  let t: TestApp;
  let o: Record<string, string>;
  let hidden: Record<string, string>;
  let filler: string[];

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const bakery = await anEmployer(t.ds, {
      legal_name: 'SARL Les Délices Comtois',
      trade_name: 'Pâtisserie Hélène',
      notes: 'Note interne: gérant joignable le soir',
    });
    const garage = await anEmployer(t.ds, { legal_name: 'Garage Central SAS', trade_name: null });
    const montbeliard = {
      insee_code: '25388',
      postal_code: '25200',
      city: 'Montbéliard',
      epci_code: MONTBELIARD_AGGLO,
    };
    o = {
      patissier: await aPublishedOffer(t.ds, bakery, NOW, {
        daysAgo: 1,
        title: 'Apprenti pâtissier',
        description: 'Préparation des entremets et des crèmes, réception des livraisons.',
        contract_type: 'apprenticeship',
        start_date: '2026-09-01',
      }),
      vendeuse: await aPublishedOffer(t.ds, bakery, NOW, {
        daysAgo: 2,
        title: 'Vendeur / vendeuse en boulangerie',
        description: 'Accueil, encaissement. Équipe sympathique à Besançon.',
        contract_type: 'cdi',
        working_time: 'part_time',
        weekly_hours: 24,
      }),
      mecanicien: await aPublishedOffer(t.ds, garage, NOW, {
        daysAgo: 3,
        title: 'Mécanicien automobile',
        description: 'Entretien et réparation des véhicules légers.',
        contract_type: 'cdd',
        ...montbeliard,
      }),
    };
    // Older offers, to make the board run over several pages.
    filler = [];
    for (let i = 0; i < 22; i++)
      filler.push(
        await aPublishedOffer(t.ds, garage, NOW, {
          daysAgo: 10 + i,
          title: `Agent d’entretien ${i + 1}`,
          description: 'Nettoyage des locaux.',
          contract_type: 'cdd',
        }),
      );
    // The first board request loads the official communes reference (a few seconds on a busy
    // machine): done here, so that no test below carries that one-off cost.
    await t.http.get('/offres').expect(200);
    hidden = await hiddenOffers(t.ds, bakery, NOW, { title: 'Pâtissier plus visible' });
  }, 120_000);
  afterAll(() => t.close());

  // Follows the redirect to the canonical URL of the view, as a browser does.
  const board = async (query = '') => {
    const res = await t.http.get(`/offres${query}`).redirects(1);
    return { res, ids: offerIds(res.text) };
  };

  describe('the list', () => {
    it('shows published offers newest first, 20 a page, in French, with cache headers', async () => {
      const { res, ids } = await board();
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(res.headers.etag).toBeTruthy();
      expect(res.text).toMatch(/<html lang="fr"/);
      expect(res.text).toContain('25 offres');
      expect(ids).toEqual([
        o.patissier!,
        o.vendeuse!,
        o.mecanicien!,
        ...filler.slice(0, 17).map((f) => f),
      ]);
      for (const h of Object.values(hidden)) expect(res.text).not.toContain(h);
    });

    it('shows title, employer trade name, commune, contract and start date, and no internal data', async () => {
      const { res } = await board('?q=patissier');
      expect(res.text).toContain('Apprenti pâtissier');
      expect(res.text).toContain('Pâtisserie Hélène');
      expect(res.text).not.toContain('Délices Comtois');
      expect(res.text).toContain('Besançon');
      expect(res.text).toContain('Apprentissage');
      expect(res.text).toContain('1er septembre 2026');
      expect(res.text).not.toContain('Note interne');
      expect(res.text).not.toContain('status');
      // No trade name: the legal name stands for the employer.
      expect((await board('?q=mecanicien')).res.text).toContain('Garage Central SAS');
    });

    it('pages with bookmarkable page numbers and says past the last page is not found', async () => {
      const second = await board('?page=2');
      expect(second.res.status).toBe(200);
      expect(second.ids).toEqual(filler.slice(17).map((f) => f));
      expect(second.res.text).toContain('href="/offres"');
      expect(second.res.text).toMatch(/Page 2 sur 2/);
      const first = await board();
      expect(first.res.text).toContain('href="/offres?page=2"');
      const beyond = await board('?page=3');
      expect(beyond.res.status).toBe(404);
      expect(beyond.ids).toEqual([]);
    });
  });

  describe('filters', () => {
    it('finds words in the title or the description whatever the accents and case', async () => {
      expect((await board('?q=PATISSIER')).ids).toEqual([o.patissier!]);
      expect((await board(`?q=${encodeURIComponent('crème')}`)).ids).toEqual([o.patissier!]);
      expect((await board('?q=cremes')).ids).toEqual([o.patissier!]);
      expect((await board(`?q=${encodeURIComponent('équipe BESANCON')}`)).ids).toEqual([
        o.vendeuse!,
      ]);
      // Every word must be found; order does not matter.
      expect((await board('?q=besancon+equipe')).ids).toEqual([o.vendeuse!]);
      expect((await board('?q=patissier+garage')).ids).toEqual([]);
      // LIKE wildcards are letters like the others.
      expect((await board('?q=%25')).ids).toHaveLength(20);
      expect((await board('?q=_')).ids).toHaveLength(20);
    });

    it('filters by commune and by EPCI', async () => {
      expect((await board('?commune=25388')).ids).toEqual([o.mecanicien!]);
      expect((await board(`?epci=${MONTBELIARD_AGGLO}`)).ids).toEqual([o.mecanicien!]);
      const besancon = await board(`?epci=${GRAND_BESANCON}&page=2`);
      expect(besancon.ids).toHaveLength(24 - 20);
      // A commune without offers is a valid, empty view.
      const empty = await board('?commune=25047');
      expect(empty.res.status).toBe(200);
      expect(empty.ids).toEqual([]);
      expect(empty.res.text).toContain('Aucune offre ne correspond');
    });

    it('filters by contract type named in French, several at once', async () => {
      expect((await board('?contrat=Apprentissage')).ids).toEqual([o.patissier!]);
      expect((await board('?contrat=CDI')).ids).toEqual([o.vendeuse!]);
      expect((await board('?contrat=cdi&contrat=apprentissage')).ids).toEqual([
        o.patissier!,
        o.vendeuse!,
      ]);
      expect((await board('?contrat=interim')).ids).toEqual([]);
    });

    it('filters by working time, combined with the others', async () => {
      expect((await board('?temps=partiel')).ids).toEqual([o.vendeuse!]);
      expect((await board('?temps=plein&contrat=cdd&commune=25388')).ids).toEqual([o.mecanicien!]);
    });

    it('redirects a submitted form to the canonical, bookmarkable URL of the view', async () => {
      const res = await t.http
        .get(
          '/offres?q=Cr%C3%A8me%20glac%C3%A9e&commune=&epci=&contrat=Apprentissage&temps=&utm_source=x',
        )
        .expect(302);
      expect(res.headers.location).toBe('/offres?q=Cr%C3%A8me+glac%C3%A9e&contrat=apprentissage');
      await t.http.get(res.headers.location as string).expect(200);
    });

    it('keeps the filters in the form and in the page links', async () => {
      const { res } = await board('?contrat=cdd&temps=plein');
      expect(res.text).toMatch(/<input[^>]*name="contrat"[^>]*value="cdd"[^>]*checked/);
      expect(res.text).toMatch(/<input[^>]*name="temps"[^>]*value="plein"[^>]*checked/);
      expect(res.text).toContain('href="/offres?contrat=cdd&amp;temps=plein&amp;page=2"');
    });

    it('answers bad filters with a French 400 page naming the problem, never a 500', async () => {
      for (const q of [
        '?contrat=stage',
        '?commune=99999',
        '?epci=1',
        '?page=0',
        '?page=abc',
        '?temps=x',
        '?q[a]=1',
        '?embed=2',
      ]) {
        const res = await t.http.get(`/offres${q}`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.text).toMatch(/<html lang="fr"/);
        expect(res.text).toContain('Il y a un problème');
      }
    });
  });

  describe('caching', () => {
    it('answers 304 to a matching If-None-Match, and 200 once the board changed', async () => {
      const first = await t.http.get('/offres?contrat=cdi').expect(200);
      const etag = first.headers.etag as string;
      const again = await t.http.get('/offres?contrat=cdi').set('If-None-Match', etag).expect(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers['cache-control']).toMatch(/^public/);
      const extra = await aPublishedOffer(t.ds, await anEmployer(t.ds), NOW, {
        daysAgo: 0,
        contract_type: 'cdi',
      });
      const changed = await t.http
        .get('/offres?contrat=cdi')
        .set('If-None-Match', etag)
        .expect(200);
      expect(changed.headers.etag).not.toBe(etag);
      await t.ds.query(`UPDATE job_offers SET status = 'closed' WHERE id = $1`, [extra]);
    });

    it('does the same on an offer page and a poster', async () => {
      for (const path of [
        `/public/job-offers/${o.patissier!}`,
        `/public/job-offers/${o.patissier!}/affiche`,
      ]) {
        const first = await t.http.get(path).expect(200);
        expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
        await t.http
          .get(path)
          .set('If-None-Match', first.headers.etag as string)
          .expect(304);
        await t.http.get(path).set('If-None-Match', 'W/"other"').expect(200);
      }
    });
  });

  describe('offers no longer published', () => {
    it.each(['filled', 'closed', 'expired', 'overdue'])(
      'answers 410 Gone for a %s offer, page and poster',
      async (kind) => {
        for (const suffix of ['', '/affiche']) {
          const res = await t.http.get(`/public/job-offers/${hidden[kind]!}${suffix}`).expect(410);
          expect(res.headers['content-type']).toMatch(/^text\/html/);
          expect(res.text).toContain('Cette offre n’est plus disponible');
          expect(res.text).toContain('href="/offres"');
          expect(res.text).not.toContain('application/ld+json');
        }
      },
    );

    it('answers 404 for a draft, an unknown and a malformed id', async () => {
      for (const id of [hidden.draft!, '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b', 'nope']) {
        for (const suffix of ['', '/affiche']) {
          const res = await t.http.get(`/public/job-offers/${id}${suffix}`).expect(404);
          expect(res.text).toContain('Offre introuvable');
        }
      }
    });
  });

  describe('search engines', () => {
    it('lists the board and every published offer page with lastmod in /sitemap.xml', async () => {
      const res = await t.http.get('/sitemap.xml').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(XMLValidator.validate(res.text)).toBe(true);
      const doc = new XMLParser({ isArray: (n) => n === 'url' }).parse(res.text);
      const urls = doc.urlset.url as { loc: string; lastmod: string }[];
      expect(urls[0]!.loc).toBe(`${BASE}/offres`);
      const visible = [...Object.values(o), ...filler];
      expect(
        urls
          .slice(1)
          .map((u) => u.loc)
          .sort(),
      ).toEqual(visible.map((v) => `${BASE}/public/job-offers/${v}`).sort());
      for (const u of urls) expect(Number.isNaN(Date.parse(u.lastmod))).toBe(false);
      for (const h of Object.values(hidden)) expect(res.text).not.toContain(h);
    });

    it('serves robots.txt pointing to the sitemap and closing private paths', async () => {
      const res = await t.http.get('/robots.txt').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain(`Sitemap: ${BASE}/sitemap.xml`);
      for (const p of [
        '/api/',
        '/s/',
        '/calendar/',
        '/login',
        '/employers',
        '/job-offers',
        '/admin',
      ])
        expect(res.text).toContain(`Disallow: ${p}\n`);
    });

    it('has no numbered sitemap files while one file holds everything', async () => {
      const res = await t.http.get('/sitemap-offres-1.xml').expect(404);
      expect(res.text).toBe('Plan de site introuvable.\n');
    });
  });
});

describe('embedding the board', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const frameAncestors = (csp: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('frame-ancestors'));

  it('lets only EMBED_ORIGINS frame the embed view; every other page stays unframable', async () => {
    t = await createTestApp({
      now: NOW,
      env: { EMBED_ORIGINS: 'https://www.mission-locale.example, https://*.besancon.example' },
    });
    const embed = await t.http.get('/offres?embed=1').expect(200);
    expect(frameAncestors(embed.headers['content-security-policy'] as string)).toEqual([
      'frame-ancestors https://www.mission-locale.example https://*.besancon.example',
    ]);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    // No page chrome: no site header or footer, only the board.
    expect(embed.text).not.toContain('<header');
    expect(embed.text).not.toContain('<footer');
    expect(embed.text).toContain('<input type="hidden" name="embed" value="1"');
    for (const path of ['/offres', '/robots.txt', '/public/job-offers/feed.xml', '/health/live']) {
      const res = await t.http.get(path);
      expect(frameAncestors(res.headers['content-security-policy'] as string)).toEqual([
        "frame-ancestors 'none'",
      ]);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it("keeps frame-ancestors 'none' on the embed view when no origin is configured", async () => {
    t = await createTestApp({ now: NOW });
    const embed = await t.http.get('/offres?embed=1').expect(200);
    expect(frameAncestors(embed.headers['content-security-policy'] as string)).toEqual([
      "frame-ancestors 'none'",
    ]);
    expect(embed.headers['x-frame-options']).toBe('DENY');
  });
});
