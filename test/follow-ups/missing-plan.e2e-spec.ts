import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { proposePlacement } from '../support/placements-api.js';

/**
 * The migrations give every contract type a plan and plans are never deleted, so hiring with no
 * plan means the database is broken: a 500 with a log line, not a 409 the adviser could act on
 * (docs/errors.md).
 */
describe('a contract type without a follow-up plan', () => {
  let t: TestApp;
  let adviser: Staff;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      now: new Date('2026-03-20T09:00:00Z'),
      env: { LOG_LEVEL: 'error' },
      logStream: { write: (s: string) => void lines.push(s) },
    });
    adviser = await t.staff('adviser');
  });
  afterAll(() => t.close());

  it('is a server error, logged, and the hire changes nothing', async () => {
    await t.ds.query(`DELETE FROM follow_up_plans WHERE contract_type = 'cdd'`);
    const p = await proposePlacement(t, adviser);
    const res = await t.http
      .post(`/api/v1/placements/${p.id}/hire`)
      .set(adviser.auth)
      .send({ contractType: 'cdd', startDate: '2026-03-23', endDate: '2026-09-22' })
      .expect(500);
    expect(res.body).toMatchObject({ status: 500, detail: 'An unexpected error occurred' });
    expect(res.body.code).toBeUndefined();
    expect(lines.join('\n')).toContain('MissingFollowUpPlanError');
    const [row] = await t.ds.query('SELECT status FROM placements WHERE id = $1', [p.id]);
    expect(row.status).not.toBe('hired');
  });
});
