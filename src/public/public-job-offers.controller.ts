import { Controller, Get, Header, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/uuid.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { renderGonePage, renderNotFoundPage, renderOfferPage } from './offer-page.js';
import { renderPosterPage } from './poster-page.js';
import { PublicBoardService } from './public-board.service.js';
import { PUBLIC_CACHE, sendPublic, sendUncached } from './public-http.js';
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
  ) {}

  @Get()
  @Header('Cache-Control', PUBLIC_CACHE)
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOkResponse({ type: PublicJobOfferPage })
  async list(@Query() q: PublicOfferQuery): Promise<PublicJobOfferPage> {
    const page = await this.offers.listPublished(q);
    return {
      items: page.items.map((o) => ({ ...o, url: this.pageUrl(o) })),
      nextCursor: page.nextCursor,
    };
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
