import { anEmployer } from './factories/employer.js';
import { hex } from './factories/sql.js';
import type { Staff, TestApp } from './test-app.js';

// Placements made through the API (with their follow-up plan), for tests of the placement flow.
// Rows a test only needs to exist come from the SQL factories in ./factories/.

/** A young person created through the API. */
export async function registerYoungPerson(
  t: TestApp,
  by: Staff,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const res = await t.http
    .post('/api/v1/young-people')
    .set(by.auth)
    .send({ firstName: 'Léa', lastName: `Martin-${hex(2)}`, ...overrides })
    .expect(201);
  return res.body as { id: string };
}

/** A proposed placement of a new young person with a new employer, through the API. */
export async function proposePlacement(
  t: TestApp,
  by: Staff,
  overrides: { employerId?: string; youngPersonId?: string; adviserId?: string } = {},
): Promise<{ id: string; employerId: string; youngPersonId: string }> {
  const employerId = overrides.employerId ?? (await anEmployer(t.ds));
  const youngPersonId = overrides.youngPersonId ?? (await registerYoungPerson(t, by)).id;
  const res = await t.http
    .post('/api/v1/placements')
    .set(by.auth)
    .send({
      employerId,
      youngPersonId,
      ...(overrides.adviserId ? { adviserId: overrides.adviserId } : {}),
    })
    .expect(201);
  return { id: (res.body as { id: string }).id, employerId, youngPersonId };
}

export interface HiredPlacement {
  id: string;
  employerId: string;
  youngPersonId: string;
  body: {
    trialPeriodEndDate: string | null;
    planVersion: number;
    followUps: {
      id: string;
      placementId: string;
      stepKey: string;
      dueDate: string;
      status: string;
      withWhom: string;
      version: number;
    }[];
  } & Record<string, unknown>;
}

export async function hirePlacement(
  t: TestApp,
  by: Staff,
  contract: Record<string, unknown>,
  overrides: { employerId?: string; youngPersonId?: string } = {},
): Promise<HiredPlacement> {
  const p = await proposePlacement(t, by, overrides);
  const res = await t.http
    .post(`/api/v1/placements/${p.id}/hire`)
    .set(by.auth)
    .send(contract)
    .expect(200);
  return { ...p, body: res.body as HiredPlacement['body'] };
}
