import fc from 'fast-check';
import { AdviserDigestService } from '../../src/jobs/adviser-digest.service.js';
import type { Response } from 'supertest';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { QUESTION_KEYS } from '../../src/surveys/questionnaire.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aHiredPlacement, aPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { anEvent } from '../support/factories/event.js';
import {
  aDraftCampaign,
  anInvitationWithToken,
  aSurveyCampaign,
} from '../support/factories/survey.js';
import { rowCounts } from '../support/row-counts.js';

// Property-based hostile input against every write and list endpoint of the OpenAPI document.
// The seed is fixed so a failure reproduces; FC_SEED overrides it. fast-check prints the seed
// and the shrunk counterexample of a failure, and `context` below names the endpoint.
const SEED = Number(process.env.FC_SEED ?? 20261126);
const WRITE_RUNS = Number(process.env.FC_WRITE_RUNS ?? 80);
const READ_RUNS = Number(process.env.FC_READ_RUNS ?? 50);

const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE employers; --",
  '" OR ""="',
  '1) UNION SELECT password_hash FROM users --',
  "\\'",
  "%' AND '%'='",
];
const HTML = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
];
const WEIRD = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '\u202E',
  '🙂',
  'e\u0301',
  '',
  ' ',
  '\r\n',
  'null',
  'NaN',
  '-1',
  '1e309',
  '2026-02-30',
  '9999-99-99T99:99:99Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-12d3-a456-42661417400', // one digit short
];
const FRAGMENTS = [...SQL, ...HTML, ...WEIRD];
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'createdAt',
  'authorId',
  'role',
  'version',
  '$where',
  'status',
  'deletedAt',
  'é',
  '',
];

const hostileString = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...FRAGMENTS))
      .map(([a, b]) => `${a}${b}${a}`),
  },
  // Long, but under the 256 kB body limit.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'é'.repeat(n)),
  },
);

const hostileValue = (keys: string[]) =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      { weight: 5, arbitrary: hostileString },
      { weight: 2, arbitrary: fc.integer() },
      { weight: 1, arbitrary: fc.double() },
      {
        weight: 2,
        arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 2 ** 53 + 1, 1e308, 1.5),
      },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.constantFrom(...keys, ...ODD_KEYS), tie('value'), {
          maxKeys: 4,
        }),
      },
    ),
  })).value;

type Method = 'get' | 'post' | 'patch' | 'put';
interface Endpoint {
  route: string;
  method: Method;
  template: string;
  fields: string[];
  queryParams: string[];
}

/** Real rows for an endpoint's path parameters: fresh for each endpoint. */
interface Ids {
  employer: string;
  contact: string;
  interaction: string;
  offer: string;
  yp: string;
  placement: string;
  hired: string;
  followUp: string;
  event: string;
  campaign: string;
  user: string;
  surveyToken: string;
  calendarToken: string;
}

function realParam(route: string, ids: Ids): string {
  const p = route.split(' ')[1]!;
  if (p.includes('/follow-up-plans/')) return 'cdi';
  if (p.startsWith('/s/')) return ids.surveyToken;
  if (p.startsWith('/calendar/')) return ids.calendarToken;
  if (/\/placements\/\{id\}\/(follow-ups|rupture|complete)/.test(p)) return ids.hired;
  const table: [RegExp, keyof Ids][] = [
    [/\/employers\/\{id\}/, 'employer'],
    [/\/contacts\/\{id\}/, 'contact'],
    [/\/interactions\/\{id\}/, 'interaction'],
    [/job-offers\/\{id\}/, 'offer'],
    [/\/young-people\/\{id\}/, 'yp'],
    [/\/placements\/\{id\}/, 'placement'],
    [/\/follow-ups\/\{id\}/, 'followUp'],
    [/\/events\/\{id\}/, 'event'],
    [/\/survey-campaigns\/\{id\}/, 'campaign'],
    [/\/users\/\{id\}/, 'user'],
  ];
  for (const [re, key] of table) if (re.test(p)) return ids[key];
  return '';
}

/** Percent-encodes any string, lone surrogates included (as U+FFFD: a URL carries bytes). */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const enc = (s: string) => encodeURIComponent(wellFormed(s));

// Query values aimed at pagination, sorting and filtering.
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const QUERY_VALUES = [
  '0',
  '-1',
  '101',
  '1e3',
  '1.5',
  'abc',
  '99999999999999999999',
  '',
  'garbage',
  b64([1, 2, 3]),
  b64({ a: 1 }),
  b64(['x', 'y']),
  b64(['2026-01-01T00:00:00Z', 'not-a-uuid']),
  b64([null, null]),
  b64('\u0000'),
  'A'.repeat(600),
  'true',
  'yes',
  'legal_name;DROP TABLE employers',
];
const UNLISTED_PARAMS = ['sort', 'order', 'orderBy', 'sortBy', 'filter', 'foo', 'password_hash'];

function queryArb(params: string[]) {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(params.length ? params : ['limit'])) },
    { weight: 1, arbitrary: fc.constantFrom(...UNLISTED_PARAMS) },
    // Bracket syntax: the extended query parser turns these into arrays and objects.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...(params.length ? params : ['limit'])),
          fc.constantFrom('[]', '[0]', '[$ne]', '[a][b]'),
        )
        .map(([k, s]) => `${k}${s}`),
    },
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: 3, arbitrary: hostileString.filter((s) => s.length < 2_000) },
  );
  return fc
    .array(fc.tuple(key, value), { minLength: 1, maxLength: 5 })
    .map((pairs) =>
      pairs
        .map(([k, v]) => `${enc(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${enc(v)}`)
        .join('&'),
    );
}

const MALFORMED_JSON = ['{"a":', '{"a":1}}', '[', 'nul', '{"a":"\\u00"}', "{'a':1}", '\u0000'];

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/** A body the endpoint accepts, so that one mutated field reaches the service and the database. */
function template(route: string, ids: Ids): Record<string, unknown> | undefined {
  const T: Record<string, Record<string, unknown>> = {
    'POST /api/v1/users': {
      email: 'nouveau@ml.example',
      displayName: 'Nouveau',
      role: 'adviser',
      password: 'un-mot-de-passe-solide-42',
    },
    'PATCH /api/v1/users/{id}': { displayName: 'Renommé', version: 1 },
    'POST /api/v1/employers': { legalName: 'Boulangerie', notes: 'Vu', tags: ['bio'] },
    'PATCH /api/v1/employers/{id}': { notes: 'Vu', version: 1 },
    'POST /api/v1/employers/{id}/merge': { intoId: ids.employer },
    'POST /api/v1/employers/{id}/contacts': { firstName: 'Jean', lastName: 'Petit' },
    'PATCH /api/v1/contacts/{id}': { jobTitle: 'DRH' },
    'POST /api/v1/employers/{id}/interactions': {
      type: 'phone',
      direction: 'outbound',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      subject: 'Appel',
      needs: ['cuisine'],
    },
    'PATCH /api/v1/interactions/{id}': { subject: 'Rappel', summary: 'Résumé' },
    'POST /api/v1/job-offers': {
      employerId: ids.employer,
      title: 'Commis',
      romeCode: 'G1602',
      description: 'Cuisine',
      contractType: 'cdd',
      location: { inseeCode: '25056' },
    },
    'PATCH /api/v1/job-offers/{id}': { title: 'Serveur', version: 1 },
    'POST /api/v1/job-offers/{id}/transitions': { to: 'published', version: 1 },
    'POST /api/v1/young-people': { firstName: 'Noé', lastName: 'Roy', externalId: 'X1' },
    'PATCH /api/v1/young-people/{id}': { phone: '0601020304' },
    'POST /api/v1/placements': { youngPersonId: ids.yp, employerId: ids.employer },
    'PATCH /api/v1/placements/{id}': { status: 'interview' },
    'POST /api/v1/placements/{id}/hire': {
      contractType: 'cdd',
      startDate: day(3),
      endDate: day(180),
    },
    'POST /api/v1/placements/{id}/rupture': {
      date: day(-1),
      initiative: 'employee',
      reason: 'Déménagement',
    },
    'POST /api/v1/placements/{id}/complete': { completedOn: day(0) },
    'POST /api/v1/placements/{id}/follow-ups': { dueDate: day(20) },
    'PATCH /api/v1/follow-ups/{id}': { channel: 'phone' },
    'POST /api/v1/follow-ups/{id}/complete': {
      doneOn: day(-1),
      channel: 'phone',
      risk: 'none',
      outcome: 'RAS',
    },
    'PUT /api/v1/follow-up-plans/{contractType}': {
      steps: [{ key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' }],
    },
    'POST /api/v1/events': { title: 'Forum', type: 'forum', startsAt: `${day(15)}T08:00:00Z` },
    'PATCH /api/v1/events/{id}': { title: 'Forum' },
    'POST /api/v1/events/{id}/participants': {
      employers: [{ employerId: ids.employer }],
      youngPeople: [{ youngPersonId: ids.yp }],
    },
    'POST /api/v1/survey-campaigns': { year: 2099 },
    'POST /s/{token}': {
      satisfaction: '4',
      recommend: '8',
      recruitment_needs: '1-2',
      recruitment_trades: 'Cuisine',
      comment: 'Bien',
    },
    'POST /s/lost': { email: 'rh@employeur.example' },
  };
  return T[route];
}

function bodyArb(fields: string[], valid?: Record<string, unknown>) {
  const keys = fields.length ? fields : ['x'];
  const value = hostileValue(keys);
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...Object.keys(valid ?? { x: 1 })) },
    { weight: 1, arbitrary: fc.constantFrom(...keys, ...ODD_KEYS) },
  );
  // One field of a valid body replaced by anything.
  const mutated = fc.tuple(key, value).map(([k, v]) => ({ json: { ...valid, [k]: v } as unknown }));
  // Every text of a valid body carrying the same fragment: reaches the database as text.
  const injected = fc.constantFrom(...FRAGMENTS).map((f) => ({
    json: Object.fromEntries(
      Object.entries(valid ?? {}).map(([k, v]) => [k, typeof v === 'string' ? `${v}${f}` : v]),
    ) as unknown,
  }));
  return fc.oneof(
    { weight: valid ? 4 : 0, arbitrary: mutated },
    { weight: valid ? 3 : 0, arbitrary: injected },
    {
      weight: 6,
      arbitrary: fc
        .dictionary(fc.constantFrom(...keys, ...ODD_KEYS), value, { minKeys: 1, maxKeys: 6 })
        .map((b) => ({ json: b })),
    },
    { weight: 1, arbitrary: value.map((b) => ({ json: b })) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((raw) => ({ raw })) },
  );
}

const idArb = (real: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(real) },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 2_000) },
  );

const HTML_ROUTES = /^(GET|POST) \/(s|calendar|public\/job-offers)\//;

describe('hostile input (fast-check, fixed seed)', () => {
  let t: TestApp;
  let admin: Staff;
  let endpoints: Endpoint[];
  let total = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '100000' } });
    admin = await t.staff('admin');
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, OpenApiOp>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    endpoints = Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([m, op]) => {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
        return {
          route: `${m.toUpperCase()} ${template}`,
          method: m as Method,
          template,
          fields: Object.keys(schema?.properties ?? {}),
          queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        };
      }),
    );
    // The employers' survey forms are HTML pages, left out of the OpenAPI document: they are
    // still hostile input's business.
    const form = (template: string, fields: string[]): Endpoint => ({
      route: `POST ${template}`,
      method: 'post',
      template,
      fields,
      queryParams: [],
    });
    endpoints.push(
      form('/s/lost', ['email']),
      form('/s/{token}', [...QUESTION_KEYS]),
      form('/s/{token}/unsubscribe', []),
      form('/s/{token}/renew', []),
    );
  });
  afterAll(() => t.close());

  async function freshIds(): Promise<Ids> {
    const ds = t.ds;
    const employer = await anEmployer(ds);
    const running = await aSurveyCampaign(ds);
    const cal = await t.http.post('/api/v1/me/calendar-url').set(admin.auth).expect(201);
    const user = await t.staff('adviser');
    return {
      employer,
      contact: await aContact(ds, employer),
      interaction: await anInteraction(ds, employer, admin.id),
      offer: await aJobOffer(ds, employer),
      yp: await aYoungPerson(ds),
      placement: await aPlacement(ds, employer, { adviser_id: admin.id }),
      hired: await aHiredPlacement(ds, employer, { adviser_id: admin.id }),
      followUp: await aFollowUp(ds, await aHiredPlacement(ds, employer, { adviser_id: admin.id }), {
        due_date: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      }),
      event: await anEvent(ds),
      campaign: await aDraftCampaign(ds),
      user: user.id,
      surveyToken: (await anInvitationWithToken(ds, running, employer)).token,
      calendarToken: new URL((cal.body as { url: string }).url).pathname
        .split('/')
        .pop()!
        .replace(/\.ics$/, ''),
    };
  }

  /** Never a 5xx; every 4xx is a problem (an HTML page on the public pages) and wrote nothing. */
  function checker(route: string) {
    let baseline: Record<string, number> | undefined;
    return {
      async start() {
        baseline = await rowCounts(t.ds);
      },
      async check(res: Response, sent: string) {
        total += 1;
        const context = `${route} ${sent.slice(0, 300)} → ${res.status} ${res.text?.slice(0, 300)}`;
        if (res.status >= 500) throw new Error(`5xx: ${context}`);
        if (res.status < 400) {
          baseline = await rowCounts(t.ds);
          return;
        }
        const problem = /^application\/problem\+json/.test(res.headers['content-type'] ?? '');
        const page = HTML_ROUTES.test(route) && /^text\/(html|plain)/.test(res.type);
        if (!problem && !page) throw new Error(`4xx without problem+json: ${context}`);
        const after = await rowCounts(t.ds);
        const changed = Object.keys(after).filter((k) => after[k] !== baseline![k]);
        if (changed.length)
          throw new Error(`rows written on a 4xx (${changed.join(', ')}): ${context}`);
      },
    };
  }

  const runs = { writes: 0, reads: 0 };

  it('survives hostile bodies and ids on every write endpoint: no 5xx, no row written on a 4xx', async () => {
    const writes = endpoints.filter(
      (e) =>
        ['post', 'patch', 'put'].includes(e.method) &&
        (e.template.startsWith('/api/v1/') || e.template.startsWith('/s/')) &&
        e.route !== 'POST /api/v1/auth/login' &&
        // Takes no body and would revoke the admin token every call uses (revocation.e2e-spec.ts).
        e.route !== 'POST /api/v1/auth/logout',
    );
    expect(writes.length).toBeGreaterThan(35);
    for (const e of writes) {
      const ids = await freshIds();
      if (process.env.FC_TRACE) process.stderr.write(`${e.route}\n`);
      const c = checker(e.route);
      await c.start();
      const hasParam = e.template.includes('{');
      const form = e.template.startsWith('/s/');
      await fc.assert(
        fc.asyncProperty(
          idArb(realParam(e.route, ids)),
          bodyArb(e.fields, template(e.route, ids)),
          async (id, body) => {
            const path = hasParam ? e.template.replace(/\{[^}]+\}/, enc(id)) : e.template;
            let req = t.http[e.method](path).set(admin.auth);
            let sent: string;
            if ('raw' in body) {
              sent = body.raw;
              req = req.set('Content-Type', 'application/json').send(body.raw);
            } else if (form && body.json && typeof body.json === 'object') {
              sent = new URLSearchParams(
                Object.entries(body.json).map(([k, v]): [string, string] => [
                  k,
                  wellFormed(typeof v === 'string' ? v : (JSON.stringify(v) ?? '')),
                ]),
              ).toString();
              req = req.type('form').send(sent);
            } else {
              sent = JSON.stringify(body.json) ?? 'undefined';
              req = req.set('Content-Type', 'application/json').send(sent);
            }
            await c.check(await req, `${path} ${sent}`);
            runs.writes += 1;
          },
        ),
        { seed: SEED, numRuns: WRITE_RUNS, endOnFailure: true },
      );
    }
  }, 300_000);

  it('survives hostile query strings and ids on every list and read endpoint; unlisted sort and filter parameters are refused', async () => {
    const reads = endpoints.filter(
      (e) =>
        e.method === 'get' &&
        (e.queryParams.length > 0 || e.template.includes('{')) &&
        !e.template.startsWith('/docs'),
    );
    expect(reads.length).toBeGreaterThan(20);
    const ids = await freshIds();
    for (const e of reads) {
      if (process.env.FC_TRACE) process.stderr.write(`${e.route}\n`);
      const c = checker(e.route);
      await c.start();
      const hasParam = e.template.includes('{');
      await fc.assert(
        fc.asyncProperty(idArb(realParam(e.route, ids)), queryArb(e.queryParams), async (id, q) => {
          const path = hasParam ? e.template.replace(/\{[^}]+\}/, enc(id)) : e.template;
          const url = `${path}?${q}`;
          await c.check(await t.http.get(url).set(admin.auth), url);
          runs.reads += 1;
        }),
        { seed: SEED, numRuns: READ_RUNS, endOnFailure: true },
      );
      // Every declared parameter, one at a time, with text PostgreSQL cannot store.
      for (const p of e.queryParams)
        for (const v of ['%00', 'a%00b', '%ED%A0%80', "'%20OR%201%3D1%20--"]) {
          const path = hasParam
            ? e.template.replace(/\{[^}]+\}/, realParam(e.route, ids))
            : e.template;
          const url = `${path}?${p}=${v}`;
          await c.check(await t.http.get(url).set(admin.auth), url);
        }
      // The allow-list: a parameter the endpoint does not declare is refused, not ignored.
      if (e.queryParams.length && e.template.startsWith('/api/v1/')) {
        for (const p of UNLISTED_PARAMS) {
          const res = await t.http.get(`${e.template}?${p}=legal_name`).set(admin.auth);
          expect([e.route, p, res.status]).toEqual([e.route, p, 400]);
        }
      }
    }
  }, 120_000);

  it('survives null, empty and wrongly typed values in each field of each valid body', async () => {
    for (const e of endpoints) {
      const ids = await freshIds();
      const valid = template(e.route, ids);
      if (!valid || !['post', 'patch', 'put'].includes(e.method)) continue;
      const c = checker(e.route);
      await c.start();
      const path = e.template.replace(/\{[^}]+\}/, realParam(e.route, ids));
      for (const k of new Set([...Object.keys(valid), ...e.fields]))
        for (const v of [null, '', [], {}, 0, true]) {
          const body = JSON.stringify({ ...valid, [k]: v });
          await c.check(await t.http[e.method](path).set(admin.auth).send(JSON.parse(body)), body);
        }
    }
  }, 120_000);

  it('survives hostile CSV files on the employer import: no 5xx, no row written on a 4xx', async () => {
    const headers = [
      'Raison sociale',
      'SIRET',
      'Notes',
      'Code commune INSEE',
      'Étiquettes',
      'Statut',
    ];
    const cell = fc.oneof(
      hostileString.filter((x) => x.length < 5_000),
      fc.constantFrom('=HYPERLINK("http://x")', '"', '""', ';', '\n', '12345678901234', 'partner'),
    );
    const csv = fc
      .tuple(
        fc.subarray(headers, { minLength: 1 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 5 }),
        fc.constantFrom(';', ',', '\t'),
      )
      .map(([h, rows, sep]) => [h, ...rows].map((r) => r.join(sep)).join('\r\n'));
    const c = checker('POST /api/v1/employers/import');
    await c.start();
    await fc.assert(
      fc.asyncProperty(csv, fc.boolean(), async (text, dryRun) => {
        const res = await t.http
          .post(`/api/v1/employers/import?dryRun=${dryRun}`)
          .set(admin.auth)
          .attach('file', Buffer.from(text, 'utf8'), {
            filename: 'employeurs.csv',
            contentType: 'text/csv',
          });
        await c.check(res, text);
      }),
      { seed: SEED, numRuns: WRITE_RUNS * 2, endOnFailure: true },
    );
  });

  it('answers a deeply nested JSON body with a 400 problem that tells nothing internal', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const count = async () =>
      (await t.ds.query('SELECT count(*)::int AS n FROM employers'))[0].n as number;
    const before = await count();
    const bodies = [
      `{"legalName":"Profond","tags":${deep(10_000)}}`,
      deep(10_000),
      `{"legalName":"Profond","address":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
    ];
    for (const body of bodies) {
      const res = await t.http
        .post('/api/v1/employers')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect([res.status, res.type]).toEqual([400, 'application/problem+json']);
      expect(res.body.detail).toBe('The JSON body is nested too deeply');
      expect(JSON.stringify(res.body)).not.toMatch(/stack|Maximum call|RangeError/i);
    }
    // Nesting within the limit, strings full of brackets included, is read as before.
    const fine = await t.http
      .post('/api/v1/employers')
      .set(admin.auth)
      .send({ legalName: `Crochets ${'[{'.repeat(30)}`, tags: ['a'] });
    expect(fine.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('refuses text PostgreSQL cannot store (NUL, lone surrogate) with a 400 naming the reason', async () => {
    const before = await rowCounts(t.ds);
    const bodies = [
      '{"legalName":"a\\u0000b"}',
      '{"legalName":"a\\ud800b"}',
      '{"legalName":"ok","tags":["\\udfff"]}',
      '{"legalName":"ok","\\u0000":1}',
    ];
    for (const raw of bodies) {
      const res = await t.http
        .post('/api/v1/employers')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(raw);
      expect([raw, res.status, res.type]).toEqual([raw, 400, 'application/problem+json']);
      expect((res.body as { detail: string }).detail).toMatch(/NUL/);
    }
    const form = await t.http.post('/s/lost').type('form').send('email=rh%00@employeur.example');
    expect([form.status, form.type]).toEqual([400, 'application/problem+json']);
    expect(await rowCounts(t.ds)).toEqual(before);
  });

  it('refuses a body over 256 kB with 413 problem+json on every write endpoint, writing nothing', async () => {
    const before = await rowCounts(t.ds);
    const big = JSON.stringify({ notes: 'x'.repeat(300 * 1024) });
    const writes = endpoints.filter((e) => ['post', 'patch', 'put'].includes(e.method));
    for (const e of writes) {
      const path = e.template.replace(/\{[^}]+\}/, '00000000-0000-4000-8000-000000000000');
      const res = await t.http[e.method](path)
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(big);
      expect([e.route, res.status, res.type]).toEqual([e.route, 413, 'application/problem+json']);
    }
    const form = await t.http
      .post('/s/lost')
      .type('form')
      .send(`email=${'x'.repeat(300 * 1024)}`);
    expect(form.status).toBe(413);
    expect(await rowCounts(t.ds)).toEqual(before);
  });

  afterAll(() => {
    // Visible in the test output: how much was sent.
    process.stdout.write(
      `hostile input: ${runs.writes} write and ${runs.reads} read requests, ${total} checked\n`,
    );
  });
});

interface OpenApiOp {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

// User data carrying markup, entered through the API, rendered in every HTML the service sends.
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

function expectEscaped(where: string, html: string, mustShow: string[]): void {
  for (const raw of [SCRIPT, IMG, '<script>alert', '<img src=x'])
    expect([where, html.includes(raw)]).toEqual([where, false]);
  // The data is there, escaped: the check above is not passing on an empty page.
  for (const text of mustShow) expect([where, html.includes(text)]).toEqual([where, true]);
}

describe('user HTML rendered escaped in public pages and mails', () => {
  let t: TestApp;
  let manager: Staff;
  let adviser: Staff;

  beforeAll(async () => {
    t = await createTestApp({ role: 'all', env: { JOB_SCHEDULES: 'false' } });
    manager = await t.staff('manager');
    adviser = await t.staff('adviser', { displayName: `Conseillère ${IMG}` });
  });
  afterAll(() => t.close());

  async function hostileEmployer(): Promise<string> {
    const res = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({
        legalName: `Boulangerie ${SCRIPT}`,
        tradeName: `Chez ${IMG}`,
        address: { inseeCode: '25056' },
      })
      .expect(201);
    return (res.body as { id: string }).id;
  }

  it('escapes them on the public offer page and in the RSS feed', async () => {
    const employerId = await hostileEmployer();
    const created = await t.http
      .post('/api/v1/job-offers')
      .set(adviser.auth)
      .send({
        employerId,
        title: `Serveur ${SCRIPT}`,
        romeCode: 'G1803',
        description: `Service en salle ${IMG}\nSecond paragraphe ${SCRIPT}`,
        contractType: 'cdd',
        location: { inseeCode: '25056' },
      })
      .expect(201);
    const offer = created.body as { id: string; version: number };
    await t.http
      .post(`/api/v1/job-offers/${offer.id}/transitions`)
      .set(adviser.auth)
      .send({ to: 'published', version: offer.version })
      .expect(200);
    const page = await t.http.get(`/public/job-offers/${offer.id}`).expect(200);
    expectEscaped('offer page', page.text, ['&lt;script&gt;alert(1)&lt;/script&gt;', 'Serveur']);
    const feed = await t.http.get('/public/job-offers/feed.xml').expect(200);
    expectEscaped('feed', feed.text, ['Serveur']);
  });

  it('escapes them on the survey page, its re-rendered form and the survey mail', async () => {
    const employerId = await hostileEmployer();
    await t.http
      .post(`/api/v1/employers/${employerId}/contacts`)
      .set(adviser.auth)
      .send({
        firstName: `Jean ${SCRIPT}`,
        lastName: IMG,
        email: 'rh-xss@employeur.example',
        isPrimary: true,
      })
      .expect(201);
    await t.http
      .post(`/api/v1/employers/${employerId}/interactions`)
      .set(adviser.auth)
      .send({
        type: 'visit',
        direction: 'outbound',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
        subject: `Visite ${SCRIPT}`,
      })
      .expect(201);
    const campaign = await t.http
      .post('/api/v1/survey-campaigns')
      .set(manager.auth)
      .send({ year: 2098 })
      .expect(201);
    const id = (campaign.body as { id: string }).id;
    const launch = await t.http.post(`/api/v1/survey-campaigns/${id}/launch`).set(manager.auth);
    expect(launch.status).toBeLessThan(300);
    const mails = await waitForMail(t, 'rh-xss@employeur.example');
    const html = typeof mails.parsed.html === 'string' ? mails.parsed.html : '';
    expectEscaped('survey mail', html, ['Chez &quot;&gt;&lt;img']);
    const link = [...html.matchAll(/href="([^"]+\/s\/[A-Za-z0-9_-]{43})(?:\?[^"]*)?"/g)][0]?.[1];
    expect(link).toBeDefined();
    const path = new URL(link!.replace(/&amp;/g, '&')).pathname;

    const page = await t.http.get(path).expect(200);
    expectEscaped('survey page', page.text, ['Chez &quot;&gt;&lt;img']);
    // An invalid answer re-renders the form with what was typed.
    const invalid = await t.http
      .post(path)
      .type('form')
      .send({ satisfaction: '9', comment: SCRIPT, recruitment_trades: IMG });
    expect(invalid.status).toBe(400);
    expectEscaped('survey form with errors', invalid.text, [
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    ]);
    await t.http.post(path).type('form').send({ satisfaction: '4', comment: SCRIPT }).expect(200);
    const again = await t.http.get(path).expect(200);
    expectEscaped('answered survey page', again.text, ['&lt;script&gt;alert(1)&lt;/script&gt;']);
  });

  it("escapes them in the adviser's daily digest", async () => {
    const employerId = await hostileEmployer();
    await t.http
      .patch(`/api/v1/employers/${employerId}`)
      .set(adviser.auth)
      .send({ referentId: adviser.id, version: 1 })
      .expect(200);
    await t.http
      .post(`/api/v1/employers/${employerId}/interactions`)
      .set(adviser.auth)
      .send({
        type: 'phone',
        direction: 'outbound',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        subject: `Appel ${SCRIPT}`,
        nextAction: `Rappeler ${IMG}`,
        nextActionAt: new Date(Date.now() - 60_000).toISOString(),
      })
      .expect(201);
    const today = await workingDayDigest(t);
    expect(today).toBe(true);
    const mail = await waitForMail(t, adviser.email);
    const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
    expectEscaped('digest', html, ['Rappeler &quot;&gt;&lt;img']);
  });
});

async function waitForMail(t: TestApp, to: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const hit = t.smtp.to(to)[0];
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the digest for the clock's day, moved to a working day first (the digest skips others). */
async function workingDayDigest(t: TestApp): Promise<boolean> {
  const digest = t.get(AdviserDigestService);
  for (let i = 0; i < 7; i++) {
    const date = new Date(t.clock.now().getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = await digest.run(date);
    if (!r.skipped) return true;
  }
  return false;
}
