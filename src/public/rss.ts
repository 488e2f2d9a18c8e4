import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { escapeHtml } from '../mail/layout.js';
import { CONTRACT_LABELS } from './labels.js';
import { paragraphsHtml } from './paragraphs.js';

// Characters XML 1.0 forbids even escaped: dropped rather than producing an unreadable feed.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface FeedInput {
  offers: PublicJobOffer[];
  /** The feed's own address (atom:link rel=self). */
  selfUrl: string;
  siteUrl: string;
  pageUrl: (offer: PublicJobOffer) => string;
  now: Date;
}

const SUMMARY_LENGTH = 500;

function summary(text: string): string {
  const t = text.trim();
  return t.length <= SUMMARY_LENGTH ? t : `${t.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…`;
}

/**
 * RSS 2.0 of published offers; every text node and attribute is escaped. An item's description
 * is HTML (as readers expect): the employer, then the description's paragraphs.
 */
export function renderRss(input: FeedInput): string {
  const items = input.offers.map((o) => {
    const url = input.pageUrl(o);
    const title = `${o.title} — ${o.location.city} (${CONTRACT_LABELS[o.contractType]})`;
    return [
      '    <item>',
      `      <title>${escapeXml(title)}</title>`,
      `      <link>${escapeXml(url)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(url)}</guid>`,
      `      <description>${escapeXml(`<p>${escapeHtml(o.employer.name)}</p>\n${paragraphsHtml(summary(o.description))}`)}</description>`,
      `      <category>${escapeXml(CONTRACT_LABELS[o.contractType])}</category>`,
      `      <pubDate>${new Date(o.publishedAt).toUTCString()}</pubDate>`,
      '    </item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    '    <title>Offres d’emploi de la Mission Locale</title>',
    `    <link>${escapeXml(input.siteUrl)}</link>`,
    '    <description>Les offres d’emploi ouvertes aux jeunes, collectées par la Mission Locale auprès des employeurs du territoire.</description>',
    '    <language>fr-FR</language>',
    `    <lastBuildDate>${input.now.toUTCString()}</lastBuildDate>`,
    '    <ttl>60</ttl>',
    `    <atom:link href="${escapeXml(input.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
