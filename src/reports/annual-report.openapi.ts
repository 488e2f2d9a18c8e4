import type { SchemaObject } from '@nestjs/swagger';
import {
  calendarDate,
  nullableNumber,
  nullableString,
  strictObject,
} from '../common/openapi-schemas.js';
import { ACTION_KEYS } from './annual-report.js';

const period = strictObject({ from: calendarDate, to: calendarDate });

const comparedValue = strictObject({
  key: { type: 'string', description: 'A figure of docs/indicators.md or a report extra' },
  label: { type: 'string' },
  year: nullableNumber,
  previous: nullableNumber,
});

/** The answer of `GET /api/v1/reports/annual/{year}` (`AnnualReport`). */
export const ANNUAL_REPORT_SCHEMA: SchemaObject = strictObject({
  year: { type: 'integer' },
  previousYear: { type: 'integer' },
  period,
  previousPeriod: period,
  actions: {
    type: 'array',
    items: strictObject({
      key: { type: 'string', enum: [...ACTION_KEYS] },
      title: { type: 'string' },
      figures: { type: 'array', items: comparedValue },
      breakdown: {
        ...strictObject({
          by: { type: 'string', enum: ['contractType', 'sector'] },
          title: { type: 'string' },
          rows: {
            type: 'array',
            items: strictObject({
              key: nullableString,
              label: { type: 'string' },
              values: { type: 'array', items: comparedValue },
            }),
          },
        }),
        nullable: true,
      },
    }),
  },
});
