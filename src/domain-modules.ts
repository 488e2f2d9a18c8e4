import type { Type } from '@nestjs/common';
import { JobOffersModule } from './job-offers/job-offers.module.js';
import { PublicModule } from './public/public.module.js';

/** The business modules, one per domain; each issue adds its own line. */
export const DOMAIN_MODULES: Type<unknown>[] = [JobOffersModule, PublicModule];
