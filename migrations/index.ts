import { Extensions1764140000000 } from './1764140000000-extensions.js';
import { Schema1764140000100 } from './1764140000100-schema.js';
import { SearchIndexes1764140000200 } from './1764140000200-search-indexes.js';
import { EmployerIndexes1764141000000 } from './1764141000000-employer-indexes.js';
import { FollowUpPlansV11764145000000 } from './1764145000000-follow-up-plans-v1.js';
import { EmployerSearchName1764149000000 } from './1764149000000-employer-search-name.js';
import { SurveyTokens1764147000000 } from './1764147000000-survey-tokens.js';
import { EmployerNafVersion1795974448329 } from './1795974448329-employer-naf-version.js';
import { Prospects1795976467718 } from './1795976467718-prospects.js';
import { JobOfferPublicSearch1795974551000 } from './1795974551000-job-offer-public-search.js';
import { PlacementConstraintNames1795990000000 } from './1795990000000-placement-constraint-names.js';
import { JobOfferWorkingTime1796200000000 } from './1796200000000-job-offer-working-time.js';
import { UserTokensValidAfter1796100000000 } from './1796100000000-user-tokens-valid-after.js';
import { EmployerImports1796300000000 } from './1796300000000-employer-imports.js';
import { EmployerNamePrefix1797100000000 } from './1797100000000-employer-name-prefix.js';
import { PublicOffersVersion1797100000100 } from './1797100000100-public-offers-version.js';
import { IndicatorChanges1797200000100 } from './1797200000100-indicator-changes.js';
import { AgendaPlannedFollowUps1797100000200 } from './1797100000200-agenda-planned-follow-ups.js';
import { SireneImports1797200000000 } from './1797200000000-sirene-imports.js';
import { MailClaim1797200000200 } from './1797200000200-mail-claim.js';
import { PlacementsAtRisk1797200000400 } from './1797200000400-placements-at-risk.js';
import { NameTrgmPendingList1797200000600 } from './1797200000600-name-trgm-pending-list.js';
import { CheapIndicatorTriggers1797200000800 } from './1797200000800-cheap-indicator-triggers.js';
import { InteractionsPeriodIndex1797200000900 } from './1797200000900-interactions-period-index.js';

// Every migration, in order. Listed explicitly so the app, the CLI and the tests run the same set.
// Never edit one that has been committed: add a new one.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Extensions1764140000000,
  Schema1764140000100,
  SearchIndexes1764140000200,
  EmployerIndexes1764141000000,
  FollowUpPlansV11764145000000,
  SurveyTokens1764147000000,
  EmployerSearchName1764149000000,
  EmployerNafVersion1795974448329,
  Prospects1795976467718,
  JobOfferPublicSearch1795974551000,
  PlacementConstraintNames1795990000000,
  UserTokensValidAfter1796100000000,
  JobOfferWorkingTime1796200000000,
  EmployerImports1796300000000,
  EmployerNamePrefix1797100000000,
  PublicOffersVersion1797100000100,
  AgendaPlannedFollowUps1797100000200,
  SireneImports1797200000000,
  IndicatorChanges1797200000100,
  MailClaim1797200000200,
  PlacementsAtRisk1797200000400,
  NameTrgmPendingList1797200000600,
  CheapIndicatorTriggers1797200000800,
  InteractionsPeriodIndex1797200000900,
];
