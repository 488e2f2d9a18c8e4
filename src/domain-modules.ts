import type { Type } from '@nestjs/common';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { PlacementsModule } from './placements/placements.module.js';
import { YoungPeopleModule } from './young-people/young-people.module.js';

/** The business modules, one per domain; each issue adds its own line. */
export const DOMAIN_MODULES: Type<unknown>[] = [
  YoungPeopleModule,
  PlacementsModule,
  FollowUpsModule,
];
