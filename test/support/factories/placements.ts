import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Staff, TestApp } from '../test-app.js';

// Rows other modules own (employers, interactions) are inserted with SQL: this area only needs
// them to exist.

export async function anEmployer(
  ds: DataSource,
  overrides: { legalName?: string; tradeName?: string | null; referentId?: string | null } = {},
): Promise<string> {
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO employers (legal_name, trade_name, referent_id) VALUES ($1, $2, $3) RETURNING id`,
    [
      overrides.legalName ?? `Entreprise ${randomBytes(3).toString('hex')}`,
      overrides.tradeName ?? null,
      overrides.referentId ?? null,
    ],
  );
  return rows[0]!.id;
}

export async function anInteraction(
  ds: DataSource,
  o: { employerId: string; authorId: string; nextActionAt?: Date | null; nextAction?: string },
): Promise<string> {
  const rows = await ds.query<{ id: string }[]>(
    `INSERT INTO interactions (employer_id, author_id, type, direction, occurred_at, subject,
                               next_action_at, next_action)
     VALUES ($1, $2, 'phone', 'outbound', now(), 'Appel', $3, $4) RETURNING id`,
    [o.employerId, o.authorId, o.nextActionAt ?? null, o.nextAction ?? null],
  );
  return rows[0]!.id;
}

/** A young person created through the API. */
export async function aYoungPerson(
  t: TestApp,
  by: Staff,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const res = await t.http
    .post('/api/v1/young-people')
    .set(by.auth)
    .send({ firstName: 'Léa', lastName: `Martin-${randomBytes(2).toString('hex')}`, ...overrides })
    .expect(201);
  return res.body as { id: string };
}

/** A proposed placement of a new young person with a new employer, through the API. */
export async function aPlacement(
  t: TestApp,
  by: Staff,
  overrides: { employerId?: string; youngPersonId?: string; adviserId?: string } = {},
): Promise<{ id: string; employerId: string; youngPersonId: string }> {
  const employerId = overrides.employerId ?? (await anEmployer(t.ds));
  const youngPersonId = overrides.youngPersonId ?? (await aYoungPerson(t, by)).id;
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

export async function aHiredPlacement(
  t: TestApp,
  by: Staff,
  contract: Record<string, unknown>,
  overrides: { employerId?: string; youngPersonId?: string } = {},
): Promise<HiredPlacement> {
  const p = await aPlacement(t, by, overrides);
  const res = await t.http
    .post(`/api/v1/placements/${p.id}/hire`)
    .set(by.auth)
    .send(contract)
    .expect(200);
  return { ...p, body: res.body as HiredPlacement['body'] };
}
