import type { Type } from '@nestjs/common';
import { EventsModule } from './events/events.module.js';
import { IndicatorsModule } from './indicators/indicators.module.js';

/** The business modules, one per domain; each issue adds its own line. */
export const DOMAIN_MODULES: Type<unknown>[] = [EventsModule, IndicatorsModule];
