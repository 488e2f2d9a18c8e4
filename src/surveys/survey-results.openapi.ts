import type { SchemaObject } from '@nestjs/swagger';
import {
  nullableNumber,
  nullableString,
  recordOf,
  strictObject,
} from '../common/openapi-schemas.js';
import { NEEDS_OPTIONS, SERVICE_OPTIONS } from './questionnaire.js';

const count: SchemaObject = { type: 'integer', minimum: 0 };

const groupProperties: Record<string, SchemaObject> = {
  invited: count,
  answered: count,
  responseRate: { ...nullableNumber, description: 'answered / invited, 0..1' },
  satisfaction: strictObject({
    count,
    mean: { ...nullableNumber, description: '1..5' },
    distribution: recordOf(['1', '2', '3', '4', '5'], count),
  }),
  nps: strictObject({
    count,
    promoters: count,
    passives: count,
    detractors: count,
    score: { ...nullableNumber, description: 'promoters − detractors, in points (−100..100)' },
  }),
  recruitmentNeeds: recordOf(NEEDS_OPTIONS, count),
  services: recordOf(SERVICE_OPTIONS, count),
  callbackRequested: count,
};

const group = strictObject({ key: nullableString, label: { type: 'string' }, ...groupProperties });

/** The answer of `GET /api/v1/surveys/{id}/results` (`CampaignResults`), docs/survey.md. */
export const CAMPAIGN_RESULTS_SCHEMA: SchemaObject = strictObject({
  campaignId: { type: 'string', format: 'uuid' },
  year: { type: 'integer' },
  status: { type: 'string' },
  overall: strictObject(groupProperties),
  bySector: { type: 'array', items: group },
  byEpci: { type: 'array', items: group },
});
