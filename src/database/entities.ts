import { SireneImport } from '../prospects/sirene-import.entity.js';
import { AuditLogEntry } from '../audit/audit-log.entity.js';
import { ContactPerson } from '../contacts/contact-person.entity.js';
import { Interaction } from '../contacts/interaction.entity.js';
import { EmployerImport } from '../employers/employer-import.entity.js';
import { Employer } from '../employers/employer.entity.js';
import { Event } from '../events/event.entity.js';
import { EventEmployer, EventYoungPerson } from '../events/event-participant.entity.js';
import { CalendarToken } from '../follow-ups/calendar-token.entity.js';
import { FollowUpPlan } from '../follow-ups/follow-up-plan.entity.js';
import { FollowUp } from '../follow-ups/follow-up.entity.js';
import { JobOffer } from '../job-offers/job-offer.entity.js';
import { OutboundEmail, SuppressedAddress } from '../mail/outbound-email.entity.js';
import { Placement } from '../placements/placement.entity.js';
import { Prospect } from '../prospects/prospect.entity.js';
import { SurveyCampaign } from '../surveys/survey-campaign.entity.js';
import { SurveyInvitation } from '../surveys/survey-invitation.entity.js';
import { SurveyAnswer, SurveyResponse } from '../surveys/survey-response.entity.js';
import { SurveyToken } from '../surveys/survey-token.entity.js';
import { User } from '../users/user.entity.js';
import { YoungPerson } from '../young-people/young-person.entity.js';

/** Every entity, listed explicitly: ESM and bundlers make glob loading fragile. */
export const ENTITIES = [
  User,
  AuditLogEntry,
  Employer,
  EmployerImport,
  ContactPerson,
  Interaction,
  JobOffer,
  YoungPerson,
  Placement,
  FollowUpPlan,
  FollowUp,
  CalendarToken,
  Event,
  EventEmployer,
  EventYoungPerson,
  SurveyCampaign,
  SurveyInvitation,
  SurveyResponse,
  SurveyAnswer,
  SurveyToken,
  OutboundEmail,
  SuppressedAddress,
  Prospect,
  SireneImport,
];
