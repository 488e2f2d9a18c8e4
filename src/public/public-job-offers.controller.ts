import { Controller, Get, Header, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/uuid.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobOffersService } from '../job-offers/job-offers.service.js';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { renderNotFoundPage, renderOfferPage } from './offer-page.js';
import { PublicJobOfferPage, PublicOfferQuery } from './public-offers.dto.js';
import { renderRss } from './rss.js';

// Shared caches (CDN, the ML website's proxy) may keep lists a few minutes.
const CACHE = 'public, max-age=300, stale-while-revalidate=60';
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
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', CACHE)
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
  @Header('Cache-Control', CACHE)
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiProduces('application/rss+xml')
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
  @ApiProduces('text/html')
  async page(@Param('id') id: string, @Res() res: Response): Promise<void> {
    // A public page answers a person: an unknown or malformed id is the same French 404 page.
    const offer = isUuid(id) ? await this.offers.findPublished(id.toLowerCase()) : null;
    res.type('html');
    if (!offer) {
      res.status(404).setHeader('Cache-Control', 'no-store');
      res.send(renderNotFoundPage());
      return;
    }
    res.setHeader('Cache-Control', CACHE);
    res.send(renderOfferPage(offer, this.pageUrl(offer), this.config.timeZone));
  }

  private get base(): string {
    return this.config.publicBaseUrl.replace(/\/+$/, '');
  }

  private pageUrl(o: Pick<PublicJobOffer, 'id'>): string {
    return `${this.base}/public/job-offers/${o.id}`;
  }
}
