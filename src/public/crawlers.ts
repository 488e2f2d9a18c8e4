import { escapeXml } from './rss.js';

/** The sitemap protocol's limit per file; beyond it /sitemap.xml becomes a sitemap index. */
export const SITEMAP_MAX_URLS = 50_000;

/** Offer pages per sitemap file: one place is kept for the board in the first file. */
export const SITEMAP_OFFERS_PER_FILE = SITEMAP_MAX_URLS - 1;

/**
 * How many numbered sitemap files `count` offers need: 0 when the board and every offer fit in
 * /sitemap.xml itself, else the number of `/sitemap-offres-N.xml` files the index lists.
 */
export function sitemapFileCount(count: number, perFile = SITEMAP_OFFERS_PER_FILE): number {
  return count <= perFile ? 0 : Math.ceil(count / perFile);
}

/**
 * Paths search engines must leave alone: the staff API, the survey pages (one per employer, by
 * token), the advisers' calendars, the staff web application's pages, the API documentation, the
 * health checks and the printable posters (the offer page is the one to index).
 * A new staff page outside these prefixes belongs here too.
 */
export const ROBOTS_DISALLOW = [
  '/api/',
  '/s/',
  '/calendar/',
  '/docs',
  '/health/',
  '/login',
  '/logout',
  '/employers',
  '/placements',
  '/young-people',
  '/job-offers',
  '/events',
  '/indicators',
  '/survey-campaigns',
  '/reports',
  '/prospects',
  '/follow-ups',
  '/admin',
  '/public/job-offers/*/affiche',
];

/** robots.txt: the board and the offer pages open, everything staff-side closed. */
export function renderRobots(base: string): string {
  return [
    'User-agent: *',
    'Allow: /offres',
    'Allow: /public/job-offers/',
    // "Ma journée" of the staff application sits at the root; `$` closes only that URL.
    'Disallow: /$',
    ...ROBOTS_DISALLOW.map((p) => `Disallow: ${p}`),
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}

export interface SitemapUrl {
  loc: string;
  lastmod: string | null;
}

function sitemapXml(
  root: 'urlset' | 'sitemapindex',
  item: 'url' | 'sitemap',
  entries: SitemapUrl[],
) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...entries.map(
      (u) =>
        `  <${item}><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeXml(u.lastmod)}</lastmod>` : ''}</${item}>`,
    ),
    `</${root}>`,
    '',
  ].join('\n');
}

/** A sitemap `<urlset>`; every value is XML-escaped. */
export function renderUrlset(urls: SitemapUrl[]): string {
  return sitemapXml('urlset', 'url', urls);
}

/** A sitemap index pointing to the numbered files, when the offers exceed one file. */
export function renderSitemapIndex(sitemaps: SitemapUrl[]): string {
  return sitemapXml('sitemapindex', 'sitemap', sitemaps);
}
