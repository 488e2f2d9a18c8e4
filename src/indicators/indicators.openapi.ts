import type { SchemaObject } from '@nestjs/swagger';
import {
  calendarDate,
  nullableNumber,
  nullableString,
  recordOf,
  strictObject,
} from '../common/openapi-schemas.js';
import { FIGURES, GROUP_BYS } from './indicator-figures.js';

/** Every figure of docs/indicators.md; null where it cannot be computed (a rate over nothing). */
export const FIGURES_SCHEMA: SchemaObject = recordOf(FIGURES, nullableNumber);

/** The answer of `GET /api/v1/indicators` (`IndicatorsReport`). */
export const INDICATORS_REPORT_SCHEMA: SchemaObject = strictObject({
  from: calendarDate,
  to: calendarDate,
  groupBy: { type: 'string', enum: [...GROUP_BYS, null], nullable: true },
  totals: FIGURES_SCHEMA,
  groups: {
    type: 'array',
    items: {
      ...FIGURES_SCHEMA,
      required: ['key', 'label', ...FIGURES],
      properties: {
        key: { ...nullableString, description: 'null: not set (e.g. no NAF code)' },
        label: { type: 'string' },
        ...FIGURES_SCHEMA.properties,
      },
    },
  },
});
