import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { boardHref, parseBoardQuery } from './board-query.js';
import { renderBoardPage } from './board-page.js';
import {
  renderRobots,
  renderSitemapIndex,
  renderUrlset,
  SITEMAP_OFFERS_PER_FILE,
  sitemapFileCount,
  type SitemapUrl,
} from './crawlers.js';
import { PublicBoardService } from './public-board.service.js';
import {
  allowFraming,
  answerFromVersion,
  PUBLIC_CACHE,
  sendPublic,
  sendUncached,
  sendVersioned,
} from './public-http.js';
import { PublicListCache } from './public-list-cache.js';

/** The public job board, and what search engines read: HTML, XML and text, no login. */
@ApiExcludeController()
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@Controller()
export class PublicBoardController {
  constructor(
    private readonly board: PublicBoardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: PublicListCache,
  ) {}

  @Get('offres')
  async offres(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = parseBoardQuery(query);
    const { filter } = parsed;
    // A filter form sends its empty fields too: one redirect to the canonical URL of the view
    // (empty values and unknown parameters left out, fixed order) gives one bookmarkable link
    // and one cache entry per view.
    if (parsed.ok && req.originalUrl !== boardHref(filter)) {
      res.setHeader('Cache-Control', PUBLIC_CACHE);
      res.redirect(302, boardHref(filter));
      return;
    }
    if (filter.embed) allowFraming(res, this.config.embedOrigins);
    // A valid canonical view: validated and cached by the offers' version (ADR 1601).
    const version = parsed.ok ? await this.board.version() : null;
    if (version !== null && answerFromVersion(req, res, version, this.cache)) return;
    if (!parsed.ok) {
      const choices = await this.board.choices(filter);
      const page = { offers: [], total: 0, page: 1, pageCount: 1 };
      const html = renderBoardPage({
        filter,
        page,
        choices,
        errors: parsed.errors,
        base: this.base,
        timeZone: this.config.timeZone,
      });
      sendUncached(res, 'html', html, 400);
      return;
    }
    await sendVersioned(req, res, version!, this.cache, async () => {
      const choices = await this.board.choices(filter);
      const page = await this.board.search(filter);
      const html = renderBoardPage({
        filter,
        page,
        choices,
        errors: [],
        base: this.base,
        timeZone: this.config.timeZone,
      });
      // Past the last page: nothing to show, and nothing for a crawler to keep following.
      return { status: filter.page > page.pageCount ? 404 : 200, type: 'html', body: html };
    });
  }

  @Get('robots.txt')
  robots(@Res() res: Response): void {
    sendPublic(res, 'text/plain; charset=utf-8', renderRobots(this.base));
  }

  /** The board and every visible offer page; a sitemap index past 50,000 URLs. */
  @Get('sitemap.xml')
  async sitemap(@Res() res: Response): Promise<void> {
    const { count, lastmod } = await this.board.sitemapSummary();
    const board = { loc: `${this.base}/offres`, lastmod };
    const files = sitemapFileCount(count);
    if (!files) {
      const offers = await this.board.sitemapEntries(0, SITEMAP_OFFERS_PER_FILE);
      const xml = renderUrlset([board, ...offers.map((o) => this.entry(o))]);
      sendPublic(res, 'application/xml; charset=utf-8', xml);
      return;
    }
    const xml = renderSitemapIndex(
      Array.from({ length: files }, (_, i) => ({
        loc: `${this.base}/sitemap-offres-${i + 1}.xml`,
        lastmod,
      })),
    );
    sendPublic(res, 'application/xml; charset=utf-8', xml);
  }

  /** One file of a split sitemap (only when /sitemap.xml is an index); the board is in the first. */
  @Get('sitemap-offres-:n.xml')
  async sitemapPart(@Param('n') n: string, @Res() res: Response): Promise<void> {
    const { count, lastmod } = await this.board.sitemapSummary();
    const files = sitemapFileCount(count);
    const i = /^[1-9][0-9]{0,3}$/.test(n) ? Number(n) : 0;
    if (i < 1 || i > files) {
      sendUncached(res, 'text/plain; charset=utf-8', 'Plan de site introuvable.\n', 404);
      return;
    }
    const offers = await this.board.sitemapEntries(
      (i - 1) * SITEMAP_OFFERS_PER_FILE,
      SITEMAP_OFFERS_PER_FILE,
    );
    const urls: SitemapUrl[] = offers.map((o) => this.entry(o));
    if (i === 1) urls.unshift({ loc: `${this.base}/offres`, lastmod });
    sendPublic(res, 'application/xml; charset=utf-8', renderUrlset(urls));
  }

  private entry(o: { id: string; lastmod: string }) {
    return { loc: `${this.base}/public/job-offers/${o.id}`, lastmod: o.lastmod };
  }

  private get base(): string {
    return this.config.publicBaseUrl.replace(/\/+$/, '');
  }
}
