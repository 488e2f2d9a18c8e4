import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { employmentTypeOf, jobPostingOf, jsonForScript } from './job-posting.js';
import { renderNotFoundPage, renderOfferPage } from './offer-page.js';
import { escapeXml, renderRss } from './rss.js';

const HOSTILE = '</script><script>alert(1)</script> & <!-- "quoted" \'single\'';

function anOffer(overrides: Partial<PublicJobOffer> = {}): PublicJobOffer {
  return {
    id: '0b6c4f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    title: 'Serveur / Serveuse en restauration',
    romeCode: 'G1803',
    description: 'Service en salle.\n\nHoraires en coupure.',
    contractType: 'cdd',
    workingTime: 'part_time',
    weeklyHours: 24.5,
    positions: 2,
    startDate: '2026-04-01',
    publishedAt: '2026-03-10T09:00:00.000Z',
    expiresAt: '2026-05-09T09:00:00.000Z',
    location: { inseeCode: '25056', postalCode: '25000', city: 'Besançon' },
    employer: { name: 'Brasserie du Doubs' },
    ...overrides,
  };
}

const URL = 'https://ml.example/public/job-offers/0b6c4f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';

function jsonLdOf(page: string): Record<string, any> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
  if (!m?.[1]) throw new Error('no JSON-LD block');
  return JSON.parse(m[1]);
}

describe('schema.org employment type', () => {
  it('maps open-ended contracts to the working time only', () => {
    expect(employmentTypeOf('cdi', 'full_time')).toEqual(['FULL_TIME']);
    expect(employmentTypeOf('cie', 'part_time')).toEqual(['PART_TIME']);
  });

  it('adds TEMPORARY for fixed-term contracts', () => {
    expect(employmentTypeOf('cdd', 'full_time')).toEqual(['FULL_TIME', 'TEMPORARY']);
    expect(employmentTypeOf('temporary_work', 'part_time')).toEqual(['PART_TIME', 'TEMPORARY']);
    expect(employmentTypeOf('apprenticeship', 'full_time')).toEqual(['FULL_TIME', 'TEMPORARY']);
  });

  it('treats an immersion as an internship, not employment', () => {
    expect(employmentTypeOf('pmsmp', 'full_time')).toEqual(['INTERN']);
  });
});

describe('JobPosting JSON-LD', () => {
  it('carries the properties search engines require', () => {
    expect(jobPostingOf(anOffer(), URL)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title: 'Serveur / Serveuse en restauration',
      description: '<p>Service en salle.</p>\n<p>Horaires en coupure.</p>',
      datePosted: '2026-03-10T09:00:00.000Z',
      validThrough: '2026-05-09T09:00:00.000Z',
      employmentType: ['PART_TIME', 'TEMPORARY'],
      hiringOrganization: { '@type': 'Organization', name: 'Brasserie du Doubs' },
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
  });

  it('describes the offer as escaped HTML paragraphs, line breaks kept', () => {
    expect(
      jobPostingOf(anOffer({ description: 'Vente <en> boutique\nle samedi\n\n\nCDD & +' }), URL)
        .description,
    ).toBe('<p>Vente &lt;en&gt; boutique<br>\nle samedi</p>\n<p>CDD &amp; +</p>');
  });

  it('cannot be closed early by text of the offer', () => {
    const out = jsonForScript({ title: HOSTILE, x: '\u2028' });
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual({ title: HOSTILE, x: '\u2028' });
  });
});

describe('offer page', () => {
  it('is French and embeds parseable JSON-LD even with hostile text', () => {
    const page = renderOfferPage(
      anOffer({ title: HOSTILE, description: HOSTILE, employer: { name: HOSTILE } }),
      URL,
      'Europe/Paris',
    );
    expect(page).toMatch(/<html lang="fr">/);
    // The only script is the JSON-LD one: the hostile text never opens another.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toContain('<!--');
    expect(jsonLdOf(page).title).toBe(HOSTILE);
    expect(jsonLdOf(page).hiringOrganization.name).toBe(HOSTILE);
  });

  it('shows the details in French', () => {
    const page = renderOfferPage(anOffer(), URL, 'Europe/Paris');
    expect(page).toContain('<h1>Serveur / Serveuse en restauration</h1>');
    expect(page).toContain('Temps partiel (24,5 h par semaine)');
    expect(page).toContain('<dd>CDD</dd>');
    expect(page).toContain('Besançon (25000)');
    expect(page).toContain('1er avril 2026');
    expect(page).toContain('10 mars 2026');
    expect(page).toContain('href="https://ml.example/public/job-offers/feed.xml"');
    expect(page).toMatch(/<p>\s*Service en salle\.\s*<\/p>/);
  });

  it('has a French not-found page', () => {
    const page = renderNotFoundPage();
    expect(page).toMatch(/<html lang="fr">/);
    expect(page).toContain('Offre introuvable');
  });
});

describe('RSS feed', () => {
  it('escapes every text and stays well-formed XML', () => {
    const xml = renderRss({
      offers: [anOffer({ title: HOSTILE, description: `${HOSTILE}\u0001` })],
      selfUrl: 'https://ml.example/public/job-offers/feed.xml?a=1&b=2',
      siteUrl: 'https://ml.example',
      pageUrl: () => URL,
      now: new Date('2026-03-11T10:00:00Z'),
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(doc.rss['@_version']).toBe('2.0');
    const item = doc.rss.channel.item;
    expect(item.title).toBe(`${HOSTILE} — Besançon (CDD)`);
    expect(item.link).toBe(URL);
    expect(item.pubDate).toBe('Tue, 10 Mar 2026 09:00:00 GMT');
  });

  it('gives each item an HTML description: the employer, then escaped paragraphs with their line breaks', () => {
    const xml = renderRss({
      offers: [
        anOffer({
          description: 'Service en salle.\nWeek-ends <alternés> & fériés.\n\nHoraires en coupure.',
          employer: { name: 'Brasserie "Le Doubs"' },
        }),
      ],
      selfUrl: 'https://ml.example/public/job-offers/feed.xml',
      siteUrl: 'https://ml.example',
      pageUrl: () => URL,
      now: new Date('2026-03-11T10:00:00Z'),
    });
    const item = new XMLParser().parse(xml).rss.channel.item;
    expect(item.description).toBe(
      '<p>Brasserie &quot;Le Doubs&quot;</p>\n' +
        '<p>Service en salle.<br>\nWeek-ends &lt;alternés&gt; &amp; fériés.</p>\n' +
        '<p>Horaires en coupure.</p>',
    );
  });

  it('drops characters XML cannot carry', () => {
    expect(escapeXml('a\u0000b\u001Fc<')).toBe('abc&lt;');
  });
});
