import type { DataSource } from 'typeorm';
import { anEmployer } from './factories/employer.js';
import { aParticipation, anEvent } from './factories/event.js';
import { aFollowUp } from './factories/follow-up.js';
import { anInteraction } from './factories/interaction.js';
import { aJobOffer } from './factories/job-offer.js';
import { aPlacement } from './factories/placement.js';
import { aSurveyCampaign, aSurveyResponse, anInvitation } from './factories/survey.js';
import { aYoungPerson } from './factories/young-person.js';

// The small known world of the indicator tests, built with the entity factories.

/** An invitation answered now with these answers (keys of the questionnaire). */
async function answered(
  ds: DataSource,
  campaignId: string,
  employerId: string,
  answers: Record<string, unknown>,
): Promise<string> {
  const at = new Date();
  const id = await anInvitation(ds, campaignId, employerId, { answered_at: at });
  await aSurveyResponse(ds, id, answers, { submitted_at: at });
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
    legal_name: 'Brasserie du Doubs',
    insee_code: BESANCON.insee,
    naf_code: RESTAURATION,
    referent_id: A,
    created_at: '2025-05-01T10:00:00Z',
  });
  const e2 = await anEmployer(ds, {
    legal_name: 'Élec Bisontine',
    insee_code: BESANCON.insee,
    naf_code: ELECTRICITE,
    referent_id: B,
    created_at: '2026-02-10T10:00:00Z',
  });
  const e3 = await anEmployer(ds, {
    legal_name: 'Resto du Lion',
    insee_code: MONTBELIARD.insee,
    naf_code: RESTAURATION,
    referent_id: A,
    created_at: '2026-03-05T10:00:00Z',
  });
  const e4 = await anEmployer(ds, {
    legal_name: 'Montbé Élec',
    insee_code: MONTBELIARD.insee,
    naf_code: ELECTRICITE,
    referent_id: B,
    created_at: '2026-04-01T10:00:00Z',
  });
  const e5 = await anEmployer(ds, {
    legal_name: 'Sans Adresse',
    insee_code: null,
    naf_code: null,
    referent_id: null,
    created_at: '2025-01-10T10:00:00Z',
  });
  const e6 = await anEmployer(ds, {
    legal_name: 'Brasserie du Doubs (doublon)',
    insee_code: BESANCON.insee,
    naf_code: RESTAURATION,
    referent_id: A,
    created_at: '2026-05-01T10:00:00Z',
    merged_into_id: e1,
    status: 'archived',
  });

  // Events: EV1 held in Besançon (in the period), EV2 planned in September (future), EV3 in 2025.
  const ev1 = await anEvent(ds, {
    title: 'Job dating restauration',
    starts_at: '2026-03-20T09:00:00Z',
    insee_code: BESANCON.insee,
    organiser_id: A,
  });
  const ev2 = await anEvent(ds, {
    title: 'Forum de l’emploi',
    type: 'forum',
    starts_at: '2026-09-10T08:00:00Z',
    insee_code: MONTBELIARD.insee,
    organiser_id: B,
  });
  await anEvent(ds, {
    title: 'Atelier CV',
    type: 'workshop',
    starts_at: '2025-11-10T13:00:00Z',
    organiser_id: B,
    insee_code: null,
  });
  await aParticipation(ds, ev1, e1);
  await aParticipation(ds, ev1, e3);
  await aParticipation(ds, ev2, e4);

  // Interactions.
  await anInteraction(ds, e1, A, {
    type: 'visit',
    direction: 'outbound',
    occurred_at: '2026-01-15T09:00:00Z',
  }); // I1
  await anInteraction(ds, e1, B, {
    type: 'phone',
    direction: 'inbound',
    occurred_at: '2026-02-01T09:00:00Z',
  }); // I2
  await anInteraction(ds, e2, B, {
    type: 'phone',
    direction: 'outbound',
    occurred_at: '2026-03-01T09:00:00Z',
  }); // I3
  await anInteraction(ds, e3, A, {
    type: 'email',
    direction: 'inbound',
    occurred_at: '2026-04-10T09:00:00Z',
  }); // I4
  await anInteraction(ds, e5, A, {
    type: 'phone',
    direction: 'outbound',
    occurred_at: '2026-05-05T09:00:00Z',
  }); // I5
  await anInteraction(ds, e4, B, {
    type: 'visit',
    direction: 'outbound',
    occurred_at: '2025-12-31T22:30:00Z',
  }); // I6: 23:30 in Paris, 2025
  await anInteraction(ds, e4, A, {
    type: 'meeting',
    direction: 'outbound',
    occurred_at: '2025-12-31T23:30:00Z',
  }); // I7: 00:30 in Paris, 2026
  await anInteraction(ds, e1, A, {
    type: 'event',
    direction: 'outbound',
    occurred_at: '2026-03-20T09:00:00Z',
    event_id: ev1,
  }); // IE1
  await anInteraction(ds, e3, A, {
    type: 'event',
    direction: 'outbound',
    occurred_at: '2026-03-20T09:00:00Z',
    event_id: ev1,
  }); // IE3
  await anInteraction(ds, e4, B, {
    type: 'event',
    direction: 'outbound',
    occurred_at: '2026-09-10T08:00:00Z',
    event_id: ev2,
  }); // IE4: future

  // Offers.
  await aJobOffer(ds, e1, {
    title: 'Commis de cuisine',
    rome_code: 'G1602',
    status: 'published',
    adviser_id: A,
    contract_type: 'cdd',
    positions: 2,
    created_at: '2026-02-01T10:00:00Z',
  }); // O1
  await aJobOffer(ds, e2, {
    title: 'Commis de cuisine',
    rome_code: 'G1602',
    status: 'published',
    adviser_id: B,
    contract_type: 'apprenticeship',
    positions: 1,
    created_at: '2026-03-02T10:00:00Z',
  }); // O2
  await aJobOffer(ds, e3, {
    title: 'Commis de cuisine',
    rome_code: 'G1602',
    status: 'published',
    adviser_id: A,
    contract_type: 'cdi',
    positions: 3,
    created_at: '2026-04-12T10:00:00Z',
  }); // O3
  await aJobOffer(ds, e4, {
    title: 'Commis de cuisine',
    rome_code: 'G1602',
    status: 'published',
    adviser_id: B,
    contract_type: 'cdd',
    positions: 5,
    created_at: '2025-10-01T10:00:00Z',
  }); // O4: 2025

  // Placements and their follow-ups.
  const y = async (n: number) =>
    aYoungPerson(ds, { first_name: `Jeune${n}`, last_name: `Test${n}` });
  const p1 = await aPlacement(ds, e1, {
    young_person_id: await y(1),
    status: 'hired',
    outcome: 'ongoing',
    adviser_id: A,
    contract_type: 'cdi',
    start_date: '2026-01-10',
  });
  await aFollowUp(ds, p1, { due_date: '2026-01-17', done_on: '2026-01-20', status: 'done' }); // F1 on time
  await aFollowUp(ds, p1, { due_date: '2026-03-01', done_on: '2026-03-15', status: 'done' }); // F2 late
  await aFollowUp(ds, p1, { due_date: '2026-06-01' }); // F3 overdue
  await aFollowUp(ds, p1, { due_date: '2026-07-08' }); // F4 not yet due

  const p2 = await aPlacement(ds, e2, {
    young_person_id: await y(2),
    status: 'hired',
    rupture_initiative: 'employee',
    adviser_id: B,
    contract_type: 'apprenticeship',
    start_date: '2026-02-01',
    outcome: 'ruptured',
    rupture_date: '2026-03-01',
    rupture_in_trial_period: true,
    at_risk: true,
  });
  await aFollowUp(ds, p2, { due_date: '2026-02-16', done_on: '2026-02-16', status: 'done' }); // F5 on time
  await aFollowUp(ds, p2, { due_date: '2026-03-10', status: 'cancelled' }); // F6 cancelled

  const p3 = await aPlacement(ds, e3, {
    young_person_id: await y(3),
    status: 'hired',
    outcome: 'ongoing',
    adviser_id: A,
    contract_type: 'cdd',
    start_date: '2026-03-25',
    end_date: '2026-09-24',
    event_id: ev1,
    at_risk: true,
  });
  await aFollowUp(ds, p3, { due_date: '2026-04-01', done_on: '2026-04-08', status: 'done' }); // F7 on time (due + 7)
  await aFollowUp(ds, p3, {
    due_date: '2026-05-20',
    done_on: '2026-05-28',
    risk: 'high',
    status: 'done',
  }); // F8 late
  await aFollowUp(ds, p3, { due_date: '2026-06-14' }); // F13 overdue (yesterday)
  await aFollowUp(ds, p3, { due_date: '2026-06-15' }); // F14 due today: not overdue

  const p4 = await aPlacement(ds, e4, {
    young_person_id: await y(4),
    status: 'hired',
    rupture_initiative: 'employee',
    adviser_id: B,
    contract_type: 'professionalisation',
    start_date: '2025-09-01',
    end_date: '2026-08-31',
    outcome: 'ruptured',
    rupture_date: '2026-02-15',
    rupture_in_trial_period: false,
  });
  await aFollowUp(ds, p4, { due_date: '2025-12-20', done_on: '2026-01-05', status: 'done' }); // F9 late, done in 2026
  await aFollowUp(ds, p4, { due_date: '2025-12-28', done_on: '2025-12-30', status: 'done' }); // F12 on time, done in 2025

  const p5 = await aPlacement(ds, e1, {
    young_person_id: await y(5),
    status: 'hired',
    adviser_id: A,
    contract_type: 'pmsmp',
    start_date: '2026-04-01',
    end_date: '2026-04-14',
    outcome: 'completed',
  });
  await aFollowUp(ds, p5, { due_date: '2026-04-02', done_on: '2026-04-02', status: 'done' }); // F10 on time

  // P6 starts in July (after "now"), P7 ruptured in trial, P8 is only at interview stage.
  await aPlacement(ds, e3, {
    young_person_id: await y(6),
    status: 'hired',
    outcome: 'ongoing',
    adviser_id: B,
    contract_type: 'cdd',
    start_date: '2026-07-01',
    end_date: '2026-12-31',
    at_risk: true,
  });
  await aPlacement(ds, e2, {
    young_person_id: await y(7),
    status: 'hired',
    rupture_initiative: 'employee',
    adviser_id: A,
    contract_type: 'temporary_work',
    start_date: '2026-05-04',
    end_date: '2026-06-30',
    outcome: 'ruptured',
    rupture_date: '2026-05-05',
    rupture_in_trial_period: true,
  });
  const p8 = await aPlacement(ds, e1, {
    young_person_id: await y(8),
    adviser_id: A,
    status: 'interview',
    event_id: ev1,
  });

  // Survey: the 2026 campaign (launched in March, closed) and the 2025 one.
  const c2026 = await aSurveyCampaign(ds, {
    status: 'closed',
    year: 2026,
    launched_at: '2026-03-01T08:00:00Z',
    closes_at: '2026-04-01T08:00:00Z',
    closed_at: '2026-04-01T08:00:00Z',
  });
  await answered(ds, c2026, e1, { satisfaction: 5, recommend: 10, comment: 'Très bien' });
  await answered(ds, c2026, e2, { satisfaction: 3, recommend: 6 });
  await answered(ds, c2026, e3, { satisfaction: 4, recommend: '8' });
  await anInvitation(ds, c2026, e4);
  await answered(ds, c2026, e5, { satisfaction: 2, recommend: 9 });
  const c2025 = await aSurveyCampaign(ds, {
    status: 'closed',
    year: 2025,
    launched_at: '2025-03-01T08:00:00Z',
    closes_at: '2025-04-01T08:00:00Z',
    closed_at: '2025-04-01T08:00:00Z',
  });
  await answered(ds, c2025, e1, { satisfaction: 1 });

  return { adviserA: A, adviserB: B, employers: { e1, e2, e3, e4, e5, e6 }, ev1, p3, p8 };
}
