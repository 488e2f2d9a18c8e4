import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newSurveyToken } from '../../../src/surveys/survey-tokens.js';
import { type Columns, hex, insertRow } from './sql.js';

export type SurveyCampaignColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'year'
  | 'status'
  | 'launched_at'
  | 'closes_at'
  | 'closed_at'
  | 'reminder_days'
  | 'duration_days'
>;

export type InvitationColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'contact_person_id'
  | 'email'
  | 'token_hash'
  | 'answered_at'
  | 'opted_out_at'
>;

let nextYear = 2040;

/** A running campaign, launched yesterday, closing in a month, for a year no other call used. */
export function aSurveyCampaign(
  ds: DataSource,
  overrides: SurveyCampaignColumns = {},
): Promise<string> {
  return insertRow(ds, 'survey_campaigns', {
    year: nextYear++,
    status: 'running',
    launched_at: new Date(Date.now() - 86_400_000),
    closes_at: new Date(Date.now() + 30 * 86_400_000),
    ...overrides,
  });
}

/** An unanswered invitation of an employer to a campaign (its token is unknown: see below). */
export function anInvitation(
  ds: DataSource,
  campaignId: string,
  employerId: string,
  overrides: InvitationColumns = {},
): Promise<string> {
  return insertRow(ds, 'survey_invitations', {
    campaign_id: campaignId,
    employer_id: employerId,
    email: `rh-${hex(4)}@employeur.example`,
    token_hash: randomBytes(32),
    ...overrides,
  });
}

/** An invitation with its answer link: returns the id and the clear token. */
export async function anInvitationWithToken(
  ds: DataSource,
  campaignId: string,
  employerId: string,
  overrides: InvitationColumns = {},
): Promise<{ invitationId: string; token: string }> {
  const { token, hash } = newSurveyToken();
  const invitationId = await anInvitation(ds, campaignId, employerId, {
    token_hash: hash,
    ...overrides,
  });
  await ds.query(
    `INSERT INTO survey_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'answer')`,
    [hash, invitationId],
  );
  return { invitationId, token };
}

/**
 * The response to an invitation, one row per answer (keys of the questionnaire), submitted now
 * unless `submitted_at` says otherwise. The invitation's `answered_at` is left to the caller.
 */
export async function aSurveyResponse(
  ds: DataSource,
  invitationId: string,
  answers: Record<string, unknown> = { satisfaction: 5 },
  overrides: Columns<'id' | 'created_at' | 'updated_at' | 'submitted_at'> = {},
): Promise<string> {
  const id = await insertRow(ds, 'survey_responses', {
    invitation_id: invitationId,
    submitted_at: new Date(),
    ...overrides,
  });
  for (const [key, value] of Object.entries(answers))
    await ds.query(
      'INSERT INTO survey_answers (response_id, question_key, value) VALUES ($1, $2, $3::jsonb)',
      [id, key, JSON.stringify(value)],
    );
  return id;
}

/** A draft campaign (never launched), for a year no other call used. */
export function aDraftCampaign(
  ds: DataSource,
  overrides: SurveyCampaignColumns = {},
): Promise<string> {
  return aSurveyCampaign(ds, { status: 'draft', launched_at: null, closes_at: null, ...overrides });
}
