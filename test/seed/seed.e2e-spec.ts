import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateSchedule } from '../../src/follow-ups/follow-up-schedule.js';
import type { PlanStep } from '../../src/follow-ups/follow-up-plan.entity.js';
import { defaultTrialPeriodEnd } from '../../src/placements/trial-period.js';
import { findCommune } from '../../src/reference/communes.js';
import { isNafCode } from '../../src/reference/naf.js';
import { isValidSiret } from '../../src/reference/siret.js';
import { seed } from '../../src/seed/seed.js';
import { NEEDS_OPTIONS, SERVICE_OPTIONS } from '../../src/surveys/questionnaire.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-06-15T10:00:00Z');

async function fingerprint(ds: DataSource): Promise<string[]> {
  const tables = [
    'users',
    'employers',
    'contact_persons',
    'interactions',
    'job_offers',
    'young_people',
    'placements',
    'follow_ups',
    'events',
    'survey_invitations',
    'survey_answers',
  ];
  const out: string[] = [];
  for (const table of tables) {
    const order = table === 'survey_answers' ? 'response_id, question_key' : 'id';
    // Rows the generator leaves to column defaults get created_at = now(): compare the rest.
    const rows = (await ds.query(
      `SELECT (to_jsonb(t) - 'created_at' - 'updated_at' - 'password_hash')::text AS x FROM ${table} t ORDER BY ${order}`,
    )) as { x: string }[];
    out.push(
      `${table}:${createHash('md5')
        .update(rows.map((r) => r.x).join('|'))
        .digest('hex')}`,
    );
  }
  return out;
}

describe('data generator', () => {
  let a: TestApp;
  let b: TestApp;
  let c: TestApp;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([
      createTestApp({ now: NOW }),
      createTestApp({ now: NOW }),
      createTestApp({ now: NOW }),
    ]);
    await Promise.all([
      seed(a.ds, { scale: 'demo', seed: 11, now: NOW }),
      seed(b.ds, { scale: 'demo', seed: 11, now: NOW }),
      seed(c.ds, { scale: 'demo', seed: 12, now: NOW }),
    ]);
  }, 60_000);
  afterAll(() => Promise.all([a?.close(), b?.close(), c?.close()]));

  it('is deterministic for a given seed, and different for another', async () => {
    const [fa, fb, fc] = await Promise.all([
      fingerprint(a.ds),
      fingerprint(b.ds),
      fingerprint(c.ds),
    ]);
    expect(fa).toEqual(fb);
    expect(fa.filter((x, i) => x === fc[i]).length).toBeLessThan(fa.length);
  });

  it('answers the survey with the questionnaire keys only', async () => {
    const rows = (await a.ds.query(
      `SELECT question_key, value FROM survey_answers
        WHERE question_key IN ('services', 'recruitment_needs')`,
    )) as { question_key: string; value: unknown }[];
    const services = rows.filter((r) => r.question_key === 'services').flatMap((r) => r.value);
    expect(services.length).toBeGreaterThan(0);
    expect(services.filter((s) => !(SERVICE_OPTIONS as readonly unknown[]).includes(s))).toEqual(
      [],
    );
    const needs = rows.filter((r) => r.question_key === 'recruitment_needs').map((r) => r.value);
    expect(needs.filter((n) => !(NEEDS_OPTIONS as readonly unknown[]).includes(n))).toEqual([]);
  });

  it('writes valid SIRETs, NAF codes and communes, with accents in names', async () => {
    const rows = (await a.ds.query(
      'SELECT siret, siren, naf_code, insee_code, postal_code, epci_code, legal_name FROM employers',
    )) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(50);
    for (const r of rows) {
      expect(isValidSiret(r.siret!)).toBe(true);
      expect(r.siren).toBe(r.siret!.slice(0, 9));
      expect(isNafCode(r.naf_code!)).toBe(true);
      const commune = findCommune(r.insee_code!);
      expect(commune?.postalCodes).toContain(r.postal_code);
      expect(commune?.epci?.code).toBe(r.epci_code);
    }
    const all = (await a.ds.query(
      `SELECT string_agg(legal_name || ' ' || coalesce(trade_name, ''), ' ') AS s FROM employers`,
    )) as { s: string }[];
    expect(all[0]!.s).toMatch(/[éèêàçôÉ]/);
  });

  it('covers every contract type and dates follow-ups with the real plan and schedule function', async () => {
    const types = (await a.ds.query(
      `SELECT DISTINCT contract_type FROM placements WHERE status = 'hired'`,
    )) as { contract_type: string }[];
    expect(types.length).toBeGreaterThanOrEqual(6);
    const plans = new Map(
      (
        (await a.ds.query(
          'SELECT contract_type, steps FROM follow_up_plans WHERE version = 1',
        )) as { contract_type: string; steps: PlanStep[] }[]
      ).map((p) => [p.contract_type, p.steps]),
    );
    const placements = (await a.ds.query(
      `SELECT id, contract_type, start_date, end_date, trial_period_end_date FROM placements WHERE status = 'hired' ORDER BY id`,
    )) as {
      id: string;
      contract_type: 'cdd';
      start_date: string;
      end_date: string | null;
      trial_period_end_date: string | null;
    }[];
    for (const p of placements) {
      expect(p.trial_period_end_date).toBe(
        defaultTrialPeriodEnd(p.contract_type, p.start_date, p.end_date),
      );
      const expected = generateSchedule(plans.get(p.contract_type)!, {
        start: p.start_date,
        trialEnd: p.trial_period_end_date,
        end: p.end_date,
      }).map((s) => `${s.key}@${s.dueDate}`);
      const actual = (
        (await a.ds.query(
          `SELECT step_key, due_date FROM follow_ups WHERE placement_id = $1 AND step_key <> 'debrief' ORDER BY due_date, step_key`,
          [p.id],
        )) as { step_key: string; due_date: string }[]
      ).map((f) => `${f.step_key}@${f.due_date}`);
      expect(actual.sort()).toEqual(expected.sort());
    }
    const [{ ruptures }] = (await a.ds.query(
      `SELECT count(*)::int AS ruptures FROM placements WHERE outcome = 'ruptured'`,
    )) as { ruptures: number }[];
    expect(ruptures).toBeGreaterThan(0);
  });

  it('refuses to seed a database that already has employers', async () => {
    await expect(seed(a.ds, { scale: 'demo', seed: 1, now: NOW })).rejects.toThrow(/already has/);
  });
});

describe('first start', () => {
  it('loads the demo data into an empty database and the demo accounts can log in', async () => {
    const t = await createTestApp({ env: { SEED_DEMO_ON_EMPTY: 'true', NODE_ENV: 'development' } });
    try {
      const [{ n }] = (await t.ds.query('SELECT count(*)::int AS n FROM employers')) as {
        n: number;
      }[];
      expect(n).toBe(50);
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ email: 'direction.demo@example.org', password: 'demo-mission-locale' })
        .expect(200);
      await t.http
        .get('/api/v1/indicators')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
    } finally {
      await t.close();
    }
  }, 60_000);
});
