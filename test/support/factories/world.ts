import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findCommune } from '../../../src/reference/communes.js';

// Rows other modules own, inserted with SQL so that events and indicators can be tested on their own.
// Each factory takes overrides and returns the id.

type Row = Record<string, unknown>;

async function insert(ds: DataSource, table: string, row: Row): Promise<string> {
  const cols = Object.keys(row);
  const values = Object.values(row);
  const [r]: { id: string }[] = await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    values,
  );
  return r!.id;
}

export interface EmployerOverrides {
  legalName?: string;
  inseeCode?: string | null;
  nafCode?: string | null;
  referentId?: string | null;
  createdAt?: string;
  mergedIntoId?: string | null;
  lastInteractionAt?: string | null;
}

/** An employer; the EPCI is derived from the commune as the employers module does. */
export function anEmployer(ds: DataSource, o: EmployerOverrides = {}): Promise<string> {
  const inseeCode = o.inseeCode === undefined ? '25056' : o.inseeCode;
  const commune = inseeCode ? findCommune(inseeCode) : undefined;
  return insert(ds, 'employers', {
    legal_name: o.legalName ?? `Employeur ${randomBytes(3).toString('hex')}`,
    insee_code: inseeCode,
    postal_code: commune?.postalCodes[0] ?? null,
    city: commune?.name ?? null,
    epci_code: commune?.epci?.code ?? null,
    epci_name: commune?.epci?.name ?? null,
    naf_code: o.nafCode === undefined ? '56.10A' : o.nafCode,
    referent_id: o.referentId ?? null,
    created_at: o.createdAt ?? new Date().toISOString(),
    merged_into_id: o.mergedIntoId ?? null,
    status: o.mergedIntoId ? 'archived' : 'partner',
    last_interaction_at: o.lastInteractionAt ?? null,
  });
}

export function anInteraction(
  ds: DataSource,
  o: {
    employerId: string;
    authorId: string;
    occurredAt: string;
    type?: string;
    direction?: 'inbound' | 'outbound';
    eventId?: string | null;
    subject?: string;
  },
): Promise<string> {
  return insert(ds, 'interactions', {
    employer_id: o.employerId,
    author_id: o.authorId,
    type: o.type ?? 'phone',
    direction: o.direction ?? 'outbound',
    occurred_at: o.occurredAt,
    subject: o.subject ?? 'Contact',
    event_id: o.eventId ?? null,
  });
}

export function aJobOffer(
  ds: DataSource,
  o: {
    employerId: string;
    adviserId?: string | null;
    contractType?: string;
    positions?: number;
    createdAt?: string;
    title?: string;
  },
): Promise<string> {
  return insert(ds, 'job_offers', {
    employer_id: o.employerId,
    title: o.title ?? 'Commis de cuisine',
    rome_code: 'G1602',
    description: 'Offre de test',
    contract_type: o.contractType ?? 'cdd',
    positions: o.positions ?? 1,
    insee_code: '25056',
    postal_code: '25000',
    city: 'Besançon',
    status: 'published',
    adviser_id: o.adviserId ?? null,
    created_at: o.createdAt ?? new Date().toISOString(),
  });
}

export function aYoungPerson(
  ds: DataSource,
  o: { firstName?: string; lastName?: string; erasedAt?: string | null } = {},
): Promise<string> {
  return insert(ds, 'young_people', {
    first_name: o.firstName ?? 'Camille',
    last_name: o.lastName ?? `Jeune-${randomBytes(3).toString('hex')}`,
    erased_at: o.erasedAt ?? null,
  });
}

export interface PlacementOverrides {
  youngPersonId: string;
  employerId: string;
  adviserId?: string | null;
  status?: string;
  contractType?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  outcome?: 'ongoing' | 'completed' | 'ruptured' | null;
  ruptureDate?: string | null;
  ruptureInTrialPeriod?: boolean | null;
  atRisk?: boolean;
  eventId?: string | null;
  jobOfferId?: string | null;
}

/** A placement, hired by default (outcome ongoing). */
export function aPlacement(ds: DataSource, o: PlacementOverrides): Promise<string> {
  const status = o.status ?? 'hired';
  const hired = status === 'hired';
  return insert(ds, 'placements', {
    young_person_id: o.youngPersonId,
    employer_id: o.employerId,
    adviser_id: o.adviserId ?? null,
    status,
    contract_type: o.contractType === undefined ? (hired ? 'cdi' : null) : o.contractType,
    start_date: o.startDate ?? null,
    end_date: o.endDate ?? null,
    outcome: o.outcome === undefined ? (hired ? 'ongoing' : null) : o.outcome,
    rupture_date: o.ruptureDate ?? null,
    rupture_initiative: o.ruptureDate ? 'employee' : null,
    rupture_in_trial_period: o.ruptureInTrialPeriod ?? null,
    at_risk: o.atRisk ?? false,
    event_id: o.eventId ?? null,
    job_offer_id: o.jobOfferId ?? null,
  });
}

export function aFollowUp(
  ds: DataSource,
  o: {
    placementId: string;
    dueDate: string;
    status?: 'planned' | 'done' | 'cancelled';
    doneOn?: string | null;
    risk?: 'none' | 'watch' | 'high' | null;
  },
): Promise<string> {
  return insert(ds, 'follow_ups', {
    placement_id: o.placementId,
    due_date: o.dueDate,
    step_key: 'ad_hoc',
    status: o.status ?? (o.doneOn ? 'done' : 'planned'),
    done_on: o.doneOn ?? null,
    risk: o.risk ?? null,
  });
}

export function anEvent(
  ds: DataSource,
  o: {
    startsAt: string;
    organiserId?: string | null;
    type?: string;
    title?: string;
    inseeCode?: string | null;
    capacity?: number | null;
  },
): Promise<string> {
  return insert(ds, 'events', {
    title: o.title ?? 'Job dating',
    type: o.type ?? 'job_dating',
    starts_at: o.startsAt,
    insee_code: o.inseeCode ?? null,
    capacity: o.capacity ?? null,
    organiser_id: o.organiserId ?? null,
  });
}

export async function anEventEmployer(
  ds: DataSource,
  o: { eventId: string; employerId: string; jobOfferIds?: string[] },
): Promise<void> {
  await ds.query(
    'INSERT INTO event_employers (event_id, employer_id, job_offer_ids) VALUES ($1, $2, $3::uuid[])',
    [o.eventId, o.employerId, o.jobOfferIds ?? []],
  );
}

export function aSurveyCampaign(
  ds: DataSource,
  o: { year: number; launchedAt: string; closedAt?: string | null },
): Promise<string> {
  return insert(ds, 'survey_campaigns', {
    year: o.year,
    status: o.closedAt ? 'closed' : 'running',
    launched_at: o.launchedAt,
    closes_at: o.closedAt ?? null,
    closed_at: o.closedAt ?? null,
  });
}

/**
 * An invitation of an employer to a campaign, answered when `answers` is given (one row per answer,
 * keyed as agreed with the survey module: satisfaction 1–5, recommend 0–10).
 */
export async function anInvitation(
  ds: DataSource,
  o: { campaignId: string; employerId: string; answers?: Record<string, unknown> },
): Promise<string> {
  const answeredAt = o.answers ? new Date().toISOString() : null;
  const id = await insert(ds, 'survey_invitations', {
    campaign_id: o.campaignId,
    employer_id: o.employerId,
    email: `contact-${randomUUID()}@employeur.example`,
    token_hash: randomBytes(32),
    answered_at: answeredAt,
  });
  if (o.answers) {
    const responseId = await insert(ds, 'survey_responses', {
      invitation_id: id,
      submitted_at: answeredAt,
    });
    for (const [key, value] of Object.entries(o.answers)) {
      await ds.query(
        'INSERT INTO survey_answers (response_id, question_key, value) VALUES ($1, $2, $3::jsonb)',
        [responseId, key, JSON.stringify(value)],
      );
    }
  }
  return id;
}

export const BESANCON = { insee: '25056', epci: '242500361' }; // CU Grand Besançon Métropole
export const MONTBELIARD = { insee: '25388', epci: '200065647' }; // CA Pays de Montbéliard Agglomération
export const RESTAURATION = '56.10A'; // section I, Hébergement et restauration
export const ELECTRICITE = '43.21A'; // section F, Construction

export interface World {
  adviserA: string;
  adviserB: string;
  employers: Record<'e1' | 'e2' | 'e3' | 'e4' | 'e5' | 'e6', string>;
  ev1: string;
  p3: string;
  p8: string;
}

/**
 * The small known world of the indicator tests, seen from "now" = 2026-06-15 (Paris time). Every row
 * is listed here with what makes it count or not; the expected figures are computed by hand in
 * test/indicators/indicators.e2e-spec.ts.
 */
export async function buildWorld(
  ds: DataSource,
  adviserA: string,
  adviserB: string,
): Promise<World> {
  const A = adviserA;
  const B = adviserB;
  // Employers: two EPCIs x two sectors, one without address nor NAF code, one merged away.
  const e1 = await anEmployer(ds, {
    legalName: 'Brasserie du Doubs',
    inseeCode: BESANCON.insee,
    nafCode: RESTAURATION,
    referentId: A,
    createdAt: '2025-05-01T10:00:00Z',
  });
  const e2 = await anEmployer(ds, {
    legalName: 'Élec Bisontine',
    inseeCode: BESANCON.insee,
    nafCode: ELECTRICITE,
    referentId: B,
    createdAt: '2026-02-10T10:00:00Z',
  });
  const e3 = await anEmployer(ds, {
    legalName: 'Resto du Lion',
    inseeCode: MONTBELIARD.insee,
    nafCode: RESTAURATION,
    referentId: A,
    createdAt: '2026-03-05T10:00:00Z',
  });
  const e4 = await anEmployer(ds, {
    legalName: 'Montbé Élec',
    inseeCode: MONTBELIARD.insee,
    nafCode: ELECTRICITE,
    referentId: B,
    createdAt: '2026-04-01T10:00:00Z',
  });
  const e5 = await anEmployer(ds, {
    legalName: 'Sans Adresse',
    inseeCode: null,
    nafCode: null,
    referentId: null,
    createdAt: '2025-01-10T10:00:00Z',
  });
  const e6 = await anEmployer(ds, {
    legalName: 'Brasserie du Doubs (doublon)',
    inseeCode: BESANCON.insee,
    nafCode: RESTAURATION,
    referentId: A,
    createdAt: '2026-05-01T10:00:00Z',
    mergedIntoId: e1,
  });

  // Events: EV1 held in Besançon (in the period), EV2 planned in September (future), EV3 in 2025.
  const ev1 = await anEvent(ds, {
    title: 'Job dating restauration',
    startsAt: '2026-03-20T09:00:00Z',
    inseeCode: BESANCON.insee,
    organiserId: A,
  });
  const ev2 = await anEvent(ds, {
    title: 'Forum de l’emploi',
    type: 'forum',
    startsAt: '2026-09-10T08:00:00Z',
    inseeCode: MONTBELIARD.insee,
    organiserId: B,
  });
  await anEvent(ds, {
    title: 'Atelier CV',
    type: 'workshop',
    startsAt: '2025-11-10T13:00:00Z',
    organiserId: B,
  });
  await anEventEmployer(ds, { eventId: ev1, employerId: e1 });
  await anEventEmployer(ds, { eventId: ev1, employerId: e3 });
  await anEventEmployer(ds, { eventId: ev2, employerId: e4 });

  // Interactions.
  await anInteraction(ds, {
    employerId: e1,
    authorId: A,
    type: 'visit',
    direction: 'outbound',
    occurredAt: '2026-01-15T09:00:00Z',
  }); // I1
  await anInteraction(ds, {
    employerId: e1,
    authorId: B,
    type: 'phone',
    direction: 'inbound',
    occurredAt: '2026-02-01T09:00:00Z',
  }); // I2
  await anInteraction(ds, {
    employerId: e2,
    authorId: B,
    type: 'phone',
    direction: 'outbound',
    occurredAt: '2026-03-01T09:00:00Z',
  }); // I3
  await anInteraction(ds, {
    employerId: e3,
    authorId: A,
    type: 'email',
    direction: 'inbound',
    occurredAt: '2026-04-10T09:00:00Z',
  }); // I4
  await anInteraction(ds, {
    employerId: e5,
    authorId: A,
    type: 'phone',
    direction: 'outbound',
    occurredAt: '2026-05-05T09:00:00Z',
  }); // I5
  await anInteraction(ds, {
    employerId: e4,
    authorId: B,
    type: 'visit',
    direction: 'outbound',
    occurredAt: '2025-12-31T22:30:00Z',
  }); // I6: 23:30 in Paris, 2025
  await anInteraction(ds, {
    employerId: e4,
    authorId: A,
    type: 'meeting',
    direction: 'outbound',
    occurredAt: '2025-12-31T23:30:00Z',
  }); // I7: 00:30 in Paris, 2026
  await anInteraction(ds, {
    employerId: e1,
    authorId: A,
    type: 'event',
    direction: 'outbound',
    occurredAt: '2026-03-20T09:00:00Z',
    eventId: ev1,
  }); // IE1
  await anInteraction(ds, {
    employerId: e3,
    authorId: A,
    type: 'event',
    direction: 'outbound',
    occurredAt: '2026-03-20T09:00:00Z',
    eventId: ev1,
  }); // IE3
  await anInteraction(ds, {
    employerId: e4,
    authorId: B,
    type: 'event',
    direction: 'outbound',
    occurredAt: '2026-09-10T08:00:00Z',
    eventId: ev2,
  }); // IE4: future

  // Offers.
  await aJobOffer(ds, {
    employerId: e1,
    adviserId: A,
    contractType: 'cdd',
    positions: 2,
    createdAt: '2026-02-01T10:00:00Z',
  }); // O1
  await aJobOffer(ds, {
    employerId: e2,
    adviserId: B,
    contractType: 'apprenticeship',
    positions: 1,
    createdAt: '2026-03-02T10:00:00Z',
  }); // O2
  await aJobOffer(ds, {
    employerId: e3,
    adviserId: A,
    contractType: 'cdi',
    positions: 3,
    createdAt: '2026-04-12T10:00:00Z',
  }); // O3
  await aJobOffer(ds, {
    employerId: e4,
    adviserId: B,
    contractType: 'cdd',
    positions: 5,
    createdAt: '2025-10-01T10:00:00Z',
  }); // O4: 2025

  // Placements and their follow-ups.
  const y = async (n: number) => aYoungPerson(ds, { firstName: `Jeune${n}`, lastName: `Test${n}` });
  const p1 = await aPlacement(ds, {
    youngPersonId: await y(1),
    employerId: e1,
    adviserId: A,
    contractType: 'cdi',
    startDate: '2026-01-10',
  });
  await aFollowUp(ds, { placementId: p1, dueDate: '2026-01-17', doneOn: '2026-01-20' }); // F1 on time
  await aFollowUp(ds, { placementId: p1, dueDate: '2026-03-01', doneOn: '2026-03-15' }); // F2 late
  await aFollowUp(ds, { placementId: p1, dueDate: '2026-06-01' }); // F3 overdue
  await aFollowUp(ds, { placementId: p1, dueDate: '2026-07-08' }); // F4 not yet due

  const p2 = await aPlacement(ds, {
    youngPersonId: await y(2),
    employerId: e2,
    adviserId: B,
    contractType: 'apprenticeship',
    startDate: '2026-02-01',
    outcome: 'ruptured',
    ruptureDate: '2026-03-01',
    ruptureInTrialPeriod: true,
    atRisk: true,
  });
  await aFollowUp(ds, { placementId: p2, dueDate: '2026-02-16', doneOn: '2026-02-16' }); // F5 on time
  await aFollowUp(ds, { placementId: p2, dueDate: '2026-03-10', status: 'cancelled' }); // F6 cancelled

  const p3 = await aPlacement(ds, {
    youngPersonId: await y(3),
    employerId: e3,
    adviserId: A,
    contractType: 'cdd',
    startDate: '2026-03-25',
    endDate: '2026-09-24',
    eventId: ev1,
    atRisk: true,
  });
  await aFollowUp(ds, { placementId: p3, dueDate: '2026-04-01', doneOn: '2026-04-08' }); // F7 on time (due + 7)
  await aFollowUp(ds, {
    placementId: p3,
    dueDate: '2026-05-20',
    doneOn: '2026-05-28',
    risk: 'high',
  }); // F8 late
  await aFollowUp(ds, { placementId: p3, dueDate: '2026-06-14' }); // F13 overdue (yesterday)
  await aFollowUp(ds, { placementId: p3, dueDate: '2026-06-15' }); // F14 due today: not overdue

  const p4 = await aPlacement(ds, {
    youngPersonId: await y(4),
    employerId: e4,
    adviserId: B,
    contractType: 'professionalisation',
    startDate: '2025-09-01',
    endDate: '2026-08-31',
    outcome: 'ruptured',
    ruptureDate: '2026-02-15',
    ruptureInTrialPeriod: false,
  });
  await aFollowUp(ds, { placementId: p4, dueDate: '2025-12-20', doneOn: '2026-01-05' }); // F9 late, done in 2026
  await aFollowUp(ds, { placementId: p4, dueDate: '2025-12-28', doneOn: '2025-12-30' }); // F12 on time, done in 2025

  const p5 = await aPlacement(ds, {
    youngPersonId: await y(5),
    employerId: e1,
    adviserId: A,
    contractType: 'pmsmp',
    startDate: '2026-04-01',
    endDate: '2026-04-14',
    outcome: 'completed',
  });
  await aFollowUp(ds, { placementId: p5, dueDate: '2026-04-02', doneOn: '2026-04-02' }); // F10 on time

  // P6 starts in July (after "now"), P7 ruptured in trial, P8 is only at interview stage.
  await aPlacement(ds, {
    youngPersonId: await y(6),
    employerId: e3,
    adviserId: B,
    contractType: 'cdd',
    startDate: '2026-07-01',
    endDate: '2026-12-31',
    atRisk: true,
  });
  await aPlacement(ds, {
    youngPersonId: await y(7),
    employerId: e2,
    adviserId: A,
    contractType: 'temporary_work',
    startDate: '2026-05-04',
    endDate: '2026-06-30',
    outcome: 'ruptured',
    ruptureDate: '2026-05-05',
    ruptureInTrialPeriod: true,
  });
  const p8 = await aPlacement(ds, {
    youngPersonId: await y(8),
    employerId: e1,
    adviserId: A,
    status: 'interview',
    eventId: ev1,
  });

  // Survey: the 2026 campaign (launched in March, closed) and the 2025 one.
  const c2026 = await aSurveyCampaign(ds, {
    year: 2026,
    launchedAt: '2026-03-01T08:00:00Z',
    closedAt: '2026-04-01T08:00:00Z',
  });
  await anInvitation(ds, {
    campaignId: c2026,
    employerId: e1,
    answers: { satisfaction: 5, recommend: 10, comment: 'Très bien' },
  });
  await anInvitation(ds, {
    campaignId: c2026,
    employerId: e2,
    answers: { satisfaction: 3, recommend: 6 },
  });
  await anInvitation(ds, {
    campaignId: c2026,
    employerId: e3,
    answers: { satisfaction: 4, recommend: '8' },
  });
  await anInvitation(ds, { campaignId: c2026, employerId: e4 });
  await anInvitation(ds, {
    campaignId: c2026,
    employerId: e5,
    answers: { satisfaction: 2, recommend: 9 },
  });
  const c2025 = await aSurveyCampaign(ds, {
    year: 2025,
    launchedAt: '2025-03-01T08:00:00Z',
    closedAt: '2025-04-01T08:00:00Z',
  });
  await anInvitation(ds, { campaignId: c2025, employerId: e1, answers: { satisfaction: 1 } });

  return { adviserA: A, adviserB: B, employers: { e1, e2, e3, e4, e5, e6 }, ev1, p3, p8 };
}
