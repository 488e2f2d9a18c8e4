import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { aPublishedOffer, hiddenOffers } from '../support/factories/job-offer.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const BASE = 'https://crm.test';

// Every field a public offer may carry: anything else is a leak.
const PUBLIC_FIELDS = [
  'contractType',
  'description',
  'employer',
  'expiresAt',
  'id',
  'location',
  'positions',
  'publishedAt',
  'romeCode',
  'startDate',
  'title',
  'url',
  'weeklyHours',
  'workingTime',
];

function jsonLdOf(page: string): Record<string, any> {
  const blocks = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0]![1]!);
}

describe('public job offers (no login)', () => {
  let t: TestApp;
  let adviser: Staff;
  let published: string[];
  let hidden: Record<string, string>;
  let referent: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser', { displayName: 'Sandrine Conseillère' });
    referent = await t.staff('adviser', { displayName: 'Paul Référent' });
    const bakery = await anEmployer(t.ds, {
      legal_name: 'SARL Les Délices Comtois',
      trade_name: 'Boulangerie du Marché',
      referent_id: referent.id,
      notes: 'Note interne: gérant joignable le soir',
    });
    const garage = await anEmployer(t.ds, { legal_name: 'Garage Central SAS', trade_name: null });
    await aContact(t.ds, bakery);
    const by = { adviser_id: adviser.id };
    published = [
      await aPublishedOffer(t.ds, bakery, NOW, {
        ...by,
        daysAgo: 1,
        rome_code: 'D1106',
        contract_type: 'cdi',
      }),
      await aPublishedOffer(t.ds, bakery, NOW, {
        ...by,
        daysAgo: 2,
        title: 'Apprenti boulanger',
        rome_code: 'D1102',
        contract_type: 'apprenticeship',
        start_date: '2026-09-01',
      }),
      await aPublishedOffer(t.ds, garage, NOW, {
        ...by,
        daysAgo: 3,
        title: 'Mécanicien automobile',
        rome_code: 'I1604',
        contract_type: 'cdd',
        insee_code: '25388',
        postal_code: '25200',
        city: 'Montbéliard',
        epci_code: '200065647',
      }),
      await aPublishedOffer(t.ds, garage, NOW, {
        ...by,
        daysAgo: 4,
        title: 'Carrossier',
        rome_code: 'I1606',
        expires_at: null,
      }),
    ];
    hidden = await hiddenOffers(t.ds, garage, NOW, by);
  });
  afterAll(() => t.close());

  const ids = (items: { id: string }[]) => items.map((o) => o.id);

  describe('JSON list', () => {
    it('lists only published offers, newest first, with cache headers and no login', async () => {
      const res = await t.http.get('/public/job-offers').expect(200);
      expect(ids(res.body.items)).toEqual(published.map((o) => o));
      expect(res.body.nextCursor).toBeNull();
      expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    });

    it('answers 304 to its weak ETag until an offer, an employer name or the clock changes it', async () => {
      const first = await t.http.get('/public/job-offers?limit=100').expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"/);
      expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      const again = await t.http
        .get('/public/job-offers?limit=100')
        .set('If-None-Match', etag)
        .expect(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toMatch(/^public/);
      // Served again without If-None-Match: the same answer.
      const cached = await t.http.get('/public/job-offers?limit=100').expect(200);
      expect(cached.body).toEqual(first.body);
      expect(cached.headers['content-type']).toMatch(/^application\/json/);

      const changesIt = async (change: () => Promise<unknown>) => {
        const before = (await t.http.get('/public/job-offers?limit=100').expect(200)).headers
          .etag as string;
        await change();
        const after = await t.http
          .get('/public/job-offers?limit=100')
          .set('If-None-Match', before)
          .expect(200);
        expect(after.headers.etag).not.toBe(before);
        return after.body as { items: { id: string; employer: { name: string } }[] };
      };
      // A new published offer: a new ETag and, not the cached list, the one holding it.
      const employer = await anEmployer(t.ds, {
        legal_name: 'Cache SARL',
        trade_name: 'Fromagerie',
        status: 'partner',
      });
      let offer: string | undefined;
      const withOffer = await changesIt(async () => {
        offer = await aPublishedOffer(t.ds, employer, NOW, { daysAgo: 0 });
      });
      if (!offer) throw new Error('no offer');
      const made = { id: offer };
      expect(ids(withOffer.items)).toContain(made.id);
      // The employer renamed: the offer shows the new name.
      const renamed = await changesIt(() =>
        t.ds.query(`UPDATE employers SET trade_name = 'Fromagerie du Doubs' WHERE id = $1`, [
          employer,
        ]),
      );
      expect(renamed.items.find((o) => o.id === made.id)?.employer.name).toBe(
        'Fromagerie du Doubs',
      );
      // Its expiry passes (the daily job has not run): it leaves the list.
      await t.ds.query(`UPDATE job_offers SET expires_at = $2 WHERE id = $1`, [
        made.id,
        new Date(NOW.getTime() + 3_600_000),
      ]);
      try {
        const expired = await changesIt(async () =>
          t.clock.set(new Date(NOW.getTime() + 2 * 3_600_000)),
        );
        expect(ids(expired.items)).not.toContain(made.id);
      } finally {
        t.clock.set(NOW);
        await t.ds.query(`UPDATE job_offers SET status = 'closed' WHERE id = $1`, [made.id]);
      }
    });

    it('exposes only allow-listed fields and no personal data', async () => {
      const res = await t.http.get('/public/job-offers').expect(200);
      for (const item of res.body.items) {
        expect(Object.keys(item).sort()).toEqual(PUBLIC_FIELDS);
        expect(Object.keys(item.employer)).toEqual(['name']);
        expect(Object.keys(item.location).sort()).toEqual(['city', 'inseeCode', 'postalCode']);
      }
      const text = JSON.stringify(res.body);
      for (const secret of [
        adviser.id,
        adviser.email,
        'Sandrine',
        referent.id,
        'Paul Référent',
        'Vuillemin',
        'martine.vuillemin',
        '0381000000',
        'Note interne',
        'adviserId',
        'employerId',
        'epci',
        'version',
        'status',
      ])
        expect(text).not.toContain(secret);
      expect(res.body.items[0]).toMatchObject({
        employer: { name: 'Boulangerie du Marché' },
        location: { inseeCode: '25056', postalCode: '25000', city: 'Besançon' },
        url: `${BASE}/public/job-offers/${published[0]!}`,
      });
      // No trade name: the legal name stands for the organisation.
      expect(res.body.items[2].employer).toEqual({ name: 'Garage Central SAS' });
    });

    it('filters by contract type, commune and ROME letter', async () => {
      const get = async (query: Record<string, string>) =>
        ids((await t.http.get('/public/job-offers').query(query).expect(200)).body.items);
      expect(await get({ contractType: 'apprenticeship' })).toEqual([published[1]!]);
      expect(await get({ inseeCode: '25388' })).toEqual([published[2]!]);
      expect(await get({ romeLetter: 'I' })).toEqual([published[2]!, published[3]!]);
      expect(await get({ romeLetter: 'D', contractType: 'cdi' })).toEqual([published[0]!]);
      expect(await get({ romeLetter: 'A' })).toEqual([]);
    });

    it('pages with a keyset cursor', async () => {
      const first = await t.http.get('/public/job-offers?limit=3').expect(200);
      expect(first.body.items).toHaveLength(3);
      const second = await t.http
        .get('/public/job-offers')
        .query({ limit: 3, cursor: first.body.nextCursor })
        .expect(200);
      expect([...ids(first.body.items), ...ids(second.body.items)]).toEqual(
        published.map((o) => o),
      );
      expect(second.body.nextCursor).toBeNull();
    });

    it('rejects bad filters with 400 problem+json', async () => {
      const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      for (const q of [
        'romeLetter=Z',
        'romeLetter=DD',
        'contractType=job',
        'contractType=cdi&contractType=cdd',
        'limit=500',
        'limit=abc',
        'cursor=x',
        `cursor=${forged(['not-a-date', 'x'])}`,
        `cursor=${forged(['2026-03-01T00:00:00.000Z', 'not-a-uuid'])}`,
        `cursor=${forged([1, 2])}`,
      ]) {
        const res = await t.http.get(`/public/job-offers?${q}`).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('RSS feed', () => {
    it('is valid RSS 2.0 with one item per published offer', async () => {
      const res = await t.http.get('/public/job-offers/feed.xml').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/rss\+xml; charset=utf-8/);
      expect(res.headers['cache-control']).toMatch(/^public/);
      const xml = res.text;
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'item' }).parse(
        xml,
      );
      expect(doc.rss['@_version']).toBe('2.0');
      const channel = doc.rss.channel;
      expect(channel.title).toBeTruthy();
      expect(channel.link).toBe(BASE);
      expect(channel.description).toBeTruthy();
      expect(channel.language).toBe('fr-FR');
      const items = channel.item as Record<string, any>[];
      expect(items.map((i) => i.link)).toEqual(
        published.map((o) => `${BASE}/public/job-offers/${o}`),
      );
      expect(items.map((i) => i.guid['#text'])).toEqual(items.map((i) => i.link));
      for (const item of items) {
        expect(item.title).toBeTruthy();
        expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
      }
      expect(items[1]!.title).toBe('Apprenti boulanger — Besançon (Contrat d’apprentissage)');
      expect(xml).not.toContain('Vuillemin');
      expect(xml).not.toContain('Sandrine');
    });

    it('applies the list filters', async () => {
      const res = await t.http.get('/public/job-offers/feed.xml?romeLetter=I').expect(200);
      const doc = new XMLParser({ isArray: (n) => n === 'item' }).parse(res.text);
      expect(doc.rss.channel.item).toHaveLength(2);
    });
  });

  describe('HTML page', () => {
    it('renders a French page with JobPosting JSON-LD carrying the required properties', async () => {
      const o = published[1]!;
      const [row] = (await t.ds.query(
        'SELECT description, published_at, expires_at FROM job_offers WHERE id = $1',
        [o],
      )) as { description: string; published_at: Date; expires_at: Date }[];
      const res = await t.http.get(`/public/job-offers/${o}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(res.headers['cache-control']).toMatch(/^public/);
      expect(res.text).toMatch(/<html lang="fr">/);
      expect(res.text).toContain('<h1>Apprenti boulanger</h1>');
      const ld = jsonLdOf(res.text);
      expect(ld).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'JobPosting',
        title: 'Apprenti boulanger',
        description: `<p>${row!.description}</p>`,
        datePosted: row!.published_at.toISOString(),
        validThrough: row!.expires_at.toISOString(),
        employmentType: ['FULL_TIME', 'TEMPORARY'],
        hiringOrganization: { '@type': 'Organization', name: 'Boulangerie du Marché' },
        jobLocation: {
          '@type': 'Place',
          address: {
            '@type': 'PostalAddress',
            postalCode: '25000',
            addressLocality: 'Besançon',
            addressCountry: 'FR',
          },
        },
      });
      expect(res.text).not.toContain('Sandrine');
      expect(res.text).not.toContain('Vuillemin');
    });

    it('keeps hostile text inert in the page and in the JSON-LD', async () => {
      const emp = await anEmployer(t.ds, { trade_name: '</script><script>alert(1)</script>' });
      const hostile = await aPublishedOffer(t.ds, emp, NOW, {
        title: '<img src=x onerror=alert(1)> </script><!--',
        description: 'Ligne 1\n\n</SCRIPT> & "guillemets"',
      });
      const res = await t.http.get(`/public/job-offers/${hostile}`).expect(200);
      expect(res.text).not.toContain('<img');
      expect(res.text.match(/<script/gi)).toHaveLength(1);
      const ld = jsonLdOf(res.text);
      expect(ld.title).toBe('<img src=x onerror=alert(1)> </script><!--');
      expect(ld.hiringOrganization.name).toBe('</script><script>alert(1)</script>');
      // The description is escaped HTML, paragraphs kept.
      expect(ld.description).toBe(
        '<p>Ligne 1</p>\n<p>&lt;/SCRIPT&gt; &amp; &quot;guillemets&quot;</p>',
      );
      await t.ds.query(`UPDATE job_offers SET status = 'closed' WHERE id = $1`, [hostile]);
    });

    it('answers a French 404 page for a draft offer', async () => {
      const res = await t.http.get(`/public/job-offers/${hidden.draft!}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/<html lang="fr">/);
      expect(res.text).toContain('Offre introuvable');
      expect(res.text).not.toContain('application/ld+json');
    });

    // Gone for good: 410 tells search engines to drop the page (test/public/job-board.e2e-spec.ts).
    it.each(['filled', 'closed', 'expired', 'overdue'])(
      'answers a French 410 page for a %s offer',
      async (kind) => {
        const res = await t.http.get(`/public/job-offers/${hidden[kind]!}`).expect(410);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toMatch(/<html lang="fr">/);
        expect(res.text).toContain('Cette offre n’est plus disponible');
        expect(res.text).not.toContain('application/ld+json');
      },
    );

    it('hides the published offers of an archived employer everywhere', async () => {
      const gone = await anEmployer(t.ds, { status: 'archived', legal_name: 'Fermée SARL' });
      const offer = await aPublishedOffer(t.ds, gone, NOW, { daysAgo: 0 });
      await t.http.get(`/public/job-offers/${offer}`).expect(404);
      const list = await t.http.get('/public/job-offers').expect(200);
      expect(ids(list.body.items)).not.toContain(offer);
      const feed = await t.http.get('/public/job-offers/feed.xml').expect(200);
      expect(feed.text).not.toContain(offer);
      // Un-archived, it shows again: the filter is the employer's status, nothing else.
      await t.ds.query(`UPDATE employers SET status = 'partner' WHERE id = $1`, [gone]);
      await t.http.get(`/public/job-offers/${offer}`).expect(200);
      await t.ds.query(`UPDATE job_offers SET status = 'closed' WHERE id = $1`, [offer]);
    });

    it('answers the same 404 page for an unknown or malformed id', async () => {
      for (const id of ['7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b', 'nope', '1%27%20OR%201=1']) {
        const res = await t.http.get(`/public/job-offers/${id}`).expect(404);
        expect(res.text).toContain('Offre introuvable');
      }
    });
  });
});

describe('public job offers in the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents the staff and public JSON/RSS routes, not the HTML pages', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/job-offers',
      '/api/v1/job-offers/{id}',
      '/api/v1/job-offers/{id}/transitions',
      '/public/job-offers',
      '/public/job-offers/feed.xml',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths)).not.toContain('/public/job-offers/{id}');
    expect(Object.keys(doc.components.schemas.PublicJobOfferResponse.properties).sort()).toEqual(
      PUBLIC_FIELDS,
    );
  });
});

describe('public job offers rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: NOW, env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json once a client exceeds the public rate', async () => {
    for (let i = 0; i < 3; i++) await t.http.get('/public/job-offers').expect(200);
    // @nestjs/throttler counts per client and per route.
    const res = await t.http.get('/public/job-offers').expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Staff routes are not counted against the public budget.
    await t.http.get('/api/v1/job-offers').expect(401);
  });
});
