import { Controller, Get, Header, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/uuid.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { renderGonePage, renderNotFoundPage, renderOfferPage } from './offer-page.js';
import { renderPosterPage } from './poster-page.js';
import { PublicBoardService } from './public-board.service.js';
import {
  answerFromVersion,
  PUBLIC_CACHE,
  sendPublic,
  sendUncached,
  sendVersioned,
} from './public-http.js';
import { PublicListCache } from './public-list-cache.js';
import { qrCodeSvg } from './qr.js';
import { PublicJobOfferPage, PublicOfferQuery } from './public-offers.dto.js';
import { renderRss } from './rss.js';

const FEED_SIZE = 100;

/** Offers for the outside world: no login, rate-limited, embeddable from any origin. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@Controller('public/job-offers')
export class PublicJobOffersController {
  constructor(
    private readonly offers: JobOffersService,
    private readonly board: PublicBoardService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: PublicListCache,
  ) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOkResponse({
    type: PublicJobOfferPage,
    description: "With a weak ETag from the offers' version: If-None-Match answers 304",
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag given in If-None-Match' })
  async list(
    @Query() q: PublicOfferQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const version = await this.board.version();
    if (answerFromVersion(req, res, version, this.cache)) return;
    await sendVersioned(req, res, version, this.cache, async () => {
      const page = await this.offers.listPublished(q);
      const body: PublicJobOfferPage = {
        items: page.items.map((o) => ({ ...o, url: this.pageUrl(o) })),
        nextCursor: page.nextCursor,
      };
      return { status: 200, type: 'application/json', body: JSON.stringify(body) };
    });
  }

  @Get('feed.xml')
  @Header('Content-Type', 'application/rss+xml; charset=utf-8')
  @Header('Cache-Control', PUBLIC_CACHE)
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOkResponse({
    description: 'The published offers as an RSS 2.0 feed',
    content: { 'application/rss+xml': { schema: { type: 'string' } } },
  })
  async feed(@Query() q: PublicOfferQuery): Promise<string> {
    const { items } = await this.offers.listPublished({
      ...q,
      limit: FEED_SIZE,
      cursor: undefined,
    });
    return renderRss({
      offers: items,
      selfUrl: `${this.base}/public/job-offers/feed.xml`,
      siteUrl: this.config.publicBaseUrl,
      pageUrl: (o) => this.pageUrl(o),
      now: this.clock.now(),
    });
  }

  @Get(':id')
  @ApiExcludeEndpoint() // an HTML page, not part of the API contract
  async page(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const offer = await this.visibleOr404or410(id, res);
    if (offer)
      sendPublic(res, 'html', renderOfferPage(offer, this.pageUrl(offer), this.config.timeZone));
  }

  /** The A4 poster advisers print and pin up, with a QR code to the offer page. */
  @Get(':id/affiche')
  @ApiExcludeEndpoint() // an HTML page, not part of the API contract
  async poster(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const offer = await this.visibleOr404or410(id, res);
    if (!offer) return;
    const url = this.pageUrl(offer);
    const qrSvg = await qrCodeSvg(url, `QR code menant à l’offre ${offer.title}`);
    sendPublic(
      res,
      'html',
      renderPosterPage({ offer, url, qrSvg, timeZone: this.config.timeZone }),
    );
  }

  /**
   * The visible offer, or null after answering for its absence: 410 Gone once it has been
   * published and is filled, closed or expired (search engines drop the page), else the French
   * 404 page (unknown or malformed id, draft, archived employer).
   */
  private async visibleOr404or410(id: string, res: Response): Promise<PublicJobOffer | null> {
    const key = isUuid(id) ? id.toLowerCase() : null;
    const offer = key ? await this.offers.findPublished(key) : null;
    if (offer) return offer;
    if (key && (await this.board.absence(key)) === 'gone')
      sendPublic(res, 'html', renderGonePage(), 410);
    else sendUncached(res, 'html', renderNotFoundPage(), 404);
    return null;
  }

  private get base(): string {
    return this.config.publicBaseUrl.replace(/\/+$/, '');
  }

  private pageUrl(o: Pick<PublicJobOffer, 'id'>): string {
    return `${this.base}/public/job-offers/${o.id}`;
  }
}
