import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { hirePlacement } from '../support/placements-api.js';

/** Every text-like column of every table holding `needle` (case-insensitive), as table.column. */
async function whereInDatabase(t: TestApp, needle: string): Promise<string[]> {
  const columns = await t.ds.query<{ table_name: string; column_name: string }[]>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables tb
         ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(20);
  // One round trip per needle: a query per column took over 30 s on a loaded 2-core machine.
  const probes = columns.map(
    ({ table_name, column_name }) =>
      `(SELECT '${table_name}.${column_name}' AS w FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1 LIMIT 1)`,
  );
  const rows = await t.ds.query<{ w: string }[]>(probes.join(' UNION ALL '), [`%${needle}%`]);
  const found = rows.map((r) => r.w);
  return found;
}

describe('young people', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-20T09:00:00Z') });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  it('creates, reads, updates with optimistic locking, and finds by name without accents', async () => {
    const created = await t.http
      .post('/api/v1/young-people')
      .set(adviser.auth)
      .send({
        externalId: 'IJ-000123',
        firstName: 'Inès',
        lastName: 'Bérard',
        birthDate: '2006-02-11',
        email: 'ines.berard@example.org',
        phone: '06 12 34 56 78',
        referentId: adviser.id,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      externalId: 'IJ-000123',
      firstName: 'Inès',
      lastName: 'Bérard',
      birthDate: '2006-02-11',
      referentId: adviser.id,
      erasedAt: null,
      version: 1,
    });
    const id = created.body.id as string;
    const found = await t.http
      .get('/api/v1/young-people')
      .query({ q: 'ines berard' })
      .set(adviser.auth)
      .expect(200);
    expect(found.body.items.map((y: { id: string }) => y.id)).toEqual([id]);
    const dup = await t.http
      .post('/api/v1/young-people')
      .set(adviser.auth)
      .send({ externalId: 'IJ-000123', firstName: 'A', lastName: 'B' })
      .expect(409);
    expect(dup.body.code).toBe('EXTERNAL_ID_TAKEN');
    await t.http
      .patch(`/api/v1/young-people/${id}`)
      .set(adviser.auth)
      .send({ phone: null, version: 9 })
      .expect(409);
    const updated = await t.http
      .patch(`/api/v1/young-people/${id}`)
      .set(adviser.auth)
      .send({ phone: null, version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ phone: null, version: 2 });
    const nulled = await t.http
      .patch(`/api/v1/young-people/${id}`)
      .set(adviser.auth)
      .send({ firstName: null })
      .expect(400);
    expect(nulled.body.errors[0].field).toBe('firstName');
    await t.http
      .post('/api/v1/young-people')
      .set(adviser.auth)
      .send({ firstName: 'A', lastName: 'B', birthDate: '2006-02-30' })
      .expect(400);
    const audit = await t.ds.query(
      `SELECT changes::text AS c FROM audit_log WHERE entity = 'young_person' AND entity_id = $1`,
      [id],
    );
    expect(JSON.stringify(audit)).not.toMatch(/Inès|Bérard|ines\.berard|06 12/);
  });

  it('erase (manager): anonymised, placements and follow-ups kept, no trace of the name anywhere', async () => {
    const person = await t.http
      .post('/api/v1/young-people')
      .set(adviser.auth)
      .send({
        externalId: 'IJ-ZEPHYRINE',
        firstName: 'Zéphyrine',
        lastName: 'Quastenbaum',
        birthDate: '2005-07-01',
        email: 'zephyrine.q@example.org',
        phone: '+33 6 98 76 54 32',
      })
      .expect(201);
    const id = person.body.id as string;
    const p = await hirePlacement(
      t,
      adviser,
      { contractType: 'cdd', startDate: '2026-03-02', endDate: '2026-08-31' },
      { youngPersonId: id },
    );
    await t.http
      .post(`/api/v1/follow-ups/${p.body.followUps[0]!.id}/complete`)
      .set(adviser.auth)
      .send({
        doneOn: '2026-03-09',
        channel: 'visit',
        risk: 'watch',
        outcome: 'Zéphyrine semble isolée ; QUASTENBAUM à rappeler',
      })
      .expect(200);
    await t.http
      .post(`/api/v1/placements/${p.id}/rupture`)
      .set(adviser.auth)
      .send({ date: '2026-03-13', initiative: 'employee', reason: 'Zéphyrine déménage' })
      .expect(200);
    expect(await whereInDatabase(t, 'Quastenbaum')).not.toEqual([]);

    await t.http.post(`/api/v1/young-people/${id}/erase`).set(adviser.auth).expect(403);
    const erased = await t.http
      .post(`/api/v1/young-people/${id}/erase`)
      .set(manager.auth)
      .expect(200);
    expect(erased.body).toMatchObject({
      id,
      externalId: null,
      firstName: 'Anonyme',
      lastName: 'Anonyme',
      birthDate: null,
      email: null,
      phone: null,
      erasedAt: '2026-03-20T09:00:00.000Z',
    });

    for (const needle of [
      'Quastenbaum',
      'Zéphyrine',
      'Zephyrine',
      'zephyrine.q',
      '98 76 54',
      'IJ-ZEPH',
      '2005-07-01',
    ])
      expect([needle, await whereInDatabase(t, needle)]).toEqual([needle, []]);

    const kept = await t.http.get(`/api/v1/placements/${p.id}`).set(adviser.auth).expect(200);
    expect(kept.body).toMatchObject({ youngPersonId: id, outcome: 'ruptured' });
    expect(kept.body.rupture.reason).toBe('[effacé] déménage');
    expect(kept.body.followUps).toHaveLength(4);
    expect(kept.body.followUps[0].outcome).toBe('[effacé] semble isolée ; [effacé] à rappeler');

    const audit = await t.ds.query(
      `SELECT actor_id, changes FROM audit_log WHERE entity = 'young_person' AND entity_id = $1 AND action = 'erase'`,
      [id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(manager.id);
    expect(audit[0].changes.map((c: { field: string }) => c.field).sort()).toEqual([
      'birthDate',
      'email',
      'erasedAt',
      'externalId',
      'firstName',
      'lastName',
      'phone',
    ]);

    const search = await t.http
      .get('/api/v1/young-people')
      .query({ q: 'Quastenbaum' })
      .set(adviser.auth)
      .expect(200);
    expect(search.body.items).toEqual([]);
    const editErased = await t.http
      .patch(`/api/v1/young-people/${id}`)
      .set(adviser.auth)
      .send({ lastName: 'Quastenbaum' })
      .expect(409);
    expect(editErased.body.code).toBe('PERSON_ERASED');
    const placing = await t.http
      .post('/api/v1/placements')
      .set(adviser.auth)
      .send({ youngPersonId: id, employerId: p.employerId })
      .expect(400);
    expect(placing.body.errors[0].field).toBe('youngPersonId');
    await t.http
      .post('/api/v1/young-people/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b/erase')
      .set(manager.auth)
      .expect(404);
  });
});
