import type { Type } from '@nestjs/common';

/** The business modules, one per domain; each issue adds its own line. */
export const DOMAIN_MODULES: Type<unknown>[] = [];
