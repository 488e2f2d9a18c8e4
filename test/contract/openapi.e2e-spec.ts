import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import type { Response } from 'supertest';
import { anInvitation, aSurveyResponse } from '../support/factories/survey.js';
import { routeHandlers } from '../../src/openapi.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** Routes open without a token that stay in the contract: JSON, the RSS feed and health. */
const PUBLIC_OPERATIONS = [
  'POST /api/v1/auth/login',
  'GET /health/live',
  'GET /health/ready',
  'GET /public/job-offers',
  'GET /public/job-offers/feed.xml',
];

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema (what ajv validates): the value may also be null,
 * whatever else the schema says ($ref and enum included).
 */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, jsonSchema(v)]));
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function operations(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

describe('OpenAPI contract', () => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  it('gives every operation a unique operationId and a summary', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter(({ op }) => !op.operationId || !op.summary?.trim())).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leaves out HTML pages, survey forms and the iCalendar feed', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => !/^\/(api\/v1|health|public\/job-offers)(\/|$)/.test(p))).toEqual(
      [],
    );
    expect(paths).not.toContain('/public/job-offers/{id}');
    expect(paths).not.toContain('/public/job-offers/{id}/affiche');
    for (const { key, op } of operations(doc))
      for (const r of Object.values(op.responses))
        expect([key, Object.keys(r.content ?? {}).filter((m) => m.includes('html'))]).toEqual([
          key,
          [],
        ]);
  });

  it('marks exactly the @Public() routes with security: [] and the rest with the bearer token', () => {
    const open = operations(doc)
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ key }) => key)
      .sort();
    expect(open).toEqual([...PUBLIC_OPERATIONS].sort());
    for (const { key, op } of operations(doc))
      if (!open.includes(key)) expect([key, op.security]).toEqual([key, [{ bearer: [] }]]);
  });

  it('gives every success answer a schema', () => {
    const missing = operations(doc).flatMap(({ op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^2/.test(status) && status !== '204')
        .filter(([, r]) => !r.content || Object.values(r.content).some((m) => !m.schema))
        .map(([status]) => `${op.operationId} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents the status each handler really answers with (201 for a POST without @HttpCode)', () => {
    const ids = new Set(operations(doc).map(({ op }) => op.operationId));
    const byId = new Map(operations(doc).map(({ op }) => [op.operationId, op]));
    const wrong: string[] = [];
    for (const { operationId: id, handler } of routeHandlers(t.app)) {
      if (!ids.has(id)) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const code =
        (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
        (method === RequestMethod.POST ? 201 : 200);
      const documented = Object.keys(byId.get(id)!.responses).filter((s) => /^[23]/.test(s));
      if (!documented.includes(String(code))) wrong.push(`${id} ${code} [${documented.join()}]`);
    }
    expect(wrong).toEqual([]);
  });

  it('documents 4xx answers as application/problem+json with the shared Problem schema', () => {
    expect(doc.components.schemas.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'detail'],
    });
    for (const { key, op } of operations(doc)) {
      const errors = Object.entries(op.responses).filter(([status]) => /^4/.test(status));
      expect([key, errors.length > 0]).toEqual([key, true]);
      for (const [status, r] of errors)
        expect([key, status, r.content]).toEqual([
          key,
          status,
          { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ]);
    }
  });

  it('describes the real answers of a full flow (ajv against the document)', async () => {
    // `example` and other OpenAPI annotations are not JSON Schema keywords: not strict.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'openapi.json', components: jsonSchema(doc.components) });
    const checked: string[] = [];
    /** Validates a real answer against the document's schema for its operation and status. */
    const conforms = (method: string, path: string, res: Response): Response => {
      const op = doc.paths[path]?.[method];
      expect([method, path, op !== undefined]).toEqual([method, path, true]);
      const response = op!.responses[String(res.status)];
      expect([method, path, res.status, response !== undefined]).toEqual([
        method,
        path,
        res.status,
        true,
      ]);
      const [media] = String(res.headers['content-type'] ?? '').split(';');
      const schema = response!.content?.[media!]?.schema;
      if (res.status !== 204)
        expect([method, path, media, schema !== undefined]).toEqual([method, path, media, true]);
      if (schema) {
        const validate = ajv.compile(
          JSON.parse(
            JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'),
          ),
        );
        const valid = validate(res.body);
        expect([method, path, res.status, valid ? [] : validate.errors]).toEqual([
          method,
          path,
          res.status,
          [],
        ]);
      }
      checked.push(`${method.toUpperCase()} ${path} ${res.status}`);
      return res;
    };

    const admin: Staff = await t.staff('admin');
    const user = conforms(
      'post',
      '/api/v1/users',
      await t.http.post('/api/v1/users').set(admin.auth).send({
        email: 'contrat@ml.example',
        displayName: 'Contrat',
        role: 'manager',
        password: 'correct-horse-battery',
      }),
    );
    conforms('get', '/api/v1/users', await t.http.get('/api/v1/users').set(admin.auth));
    const login = conforms(
      'post',
      '/api/v1/auth/login',
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: 'contrat@ml.example', password: 'correct-horse-battery' }),
    );
    const auth = { Authorization: `Bearer ${(login.body as { accessToken: string }).accessToken}` };
    conforms('get', '/api/v1/auth/me', await t.http.get('/api/v1/auth/me').set(auth));
    conforms(
      'get',
      '/api/v1/auth/me',
      await t.http.get('/api/v1/auth/me').set({ Authorization: 'Bearer nope' }),
    );

    const employer = conforms(
      'post',
      '/api/v1/employers',
      await t.http.post('/api/v1/employers').set(auth).send({ legalName: 'Boulangerie Contrat' }),
    );
    const employerId = (employer.body as { id: string }).id;
    conforms('get', '/api/v1/employers', await t.http.get('/api/v1/employers').set(auth));
    conforms(
      'get',
      '/api/v1/employers/{id}',
      await t.http.get(`/api/v1/employers/${employerId}`).set(auth),
    );
    conforms(
      'get',
      '/api/v1/employers/{id}',
      await t.http.get('/api/v1/employers/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b').set(auth),
    );
    conforms(
      'post',
      '/api/v1/employers',
      await t.http.post('/api/v1/employers').set(auth).send({ legalName: '' }),
    );
    const contact = conforms(
      'post',
      '/api/v1/employers/{id}/contacts',
      await t.http
        .post(`/api/v1/employers/${employerId}/contacts`)
        .set(auth)
        .send({ firstName: 'Nadia', lastName: 'Benali', email: 'n.benali@example.org' }),
    );
    conforms(
      'get',
      '/api/v1/employers/{id}/contacts',
      await t.http.get(`/api/v1/employers/${employerId}/contacts`).set(auth),
    );
    conforms(
      'post',
      '/api/v1/employers/{id}/interactions',
      await t.http
        .post(`/api/v1/employers/${employerId}/interactions`)
        .set(auth)
        .send({
          type: 'phone',
          direction: 'inbound',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          subject: 'Besoin en apprentissage',
          contactPersonId: (contact.body as { id: string }).id,
        }),
    );
    conforms(
      'get',
      '/api/v1/employers/{id}/timeline',
      await t.http.get(`/api/v1/employers/${employerId}/timeline`).set(auth),
    );
    conforms('get', '/api/v1/interactions', await t.http.get('/api/v1/interactions').set(auth));
    const offer = conforms(
      'post',
      '/api/v1/job-offers',
      await t.http
        .post('/api/v1/job-offers')
        .set(auth)
        .send({
          employerId,
          title: 'Commis de cuisine',
          romeCode: 'G1602',
          description: 'Préparation des entrées et des desserts, plonge.',
          contractType: 'cdd',
          workingTime: 'part_time',
          weeklyHours: 24,
          positions: 2,
          location: { inseeCode: '25056' },
        }),
    );
    conforms(
      'get',
      '/api/v1/job-offers/{id}',
      await t.http.get(`/api/v1/job-offers/${(offer.body as { id: string }).id}`).set(auth),
    );
    conforms('get', '/api/v1/job-offers', await t.http.get('/api/v1/job-offers').set(auth));
    const young = conforms(
      'post',
      '/api/v1/young-people',
      await t.http
        .post('/api/v1/young-people')
        .set(auth)
        .send({ firstName: 'Inès', lastName: 'Bérard', birthDate: '2006-02-11' }),
    );
    conforms(
      'get',
      '/api/v1/young-people/{id}',
      await t.http.get(`/api/v1/young-people/${(young.body as { id: string }).id}`).set(auth),
    );
    conforms('get', '/api/v1/audit-log', await t.http.get('/api/v1/audit-log').set(admin.auth));
    const imported = conforms(
      'post',
      '/api/v1/employers/import',
      await t.http
        .post('/api/v1/employers/import?dryRun=true')
        .set(auth)
        .attach('file', Buffer.from('Raison sociale;SIRET\nBoulangerie Import;123\n'), 'e.csv'),
    );
    expect((imported.body as { rows: unknown[] }).rows).toHaveLength(1);
    conforms('get', '/api/v1/indicators', await t.http.get('/api/v1/indicators').set(auth));
    const bySector = conforms(
      'get',
      '/api/v1/indicators',
      await t.http.get('/api/v1/indicators?groupBy=sector').set(auth),
    );
    expect((bySector.body as { groups: unknown[] }).groups.length).toBeGreaterThan(0);
    const year = new Date().getFullYear();
    const report = conforms(
      'get',
      '/api/v1/reports/annual/{year}',
      await t.http.get(`/api/v1/reports/annual/${year}`).set(auth),
    );
    expect((report.body as { actions: unknown[] }).actions.length).toBeGreaterThan(0);
    const campaign = conforms(
      'post',
      '/api/v1/survey-campaigns',
      await t.http.post('/api/v1/survey-campaigns').set(auth).send({ year }),
    );
    const campaignId = (campaign.body as { id: string }).id;
    conforms(
      'post',
      '/api/v1/survey-campaigns/{id}/launch',
      await t.http.post(`/api/v1/survey-campaigns/${campaignId}/launch`).set(auth),
    );
    const invitation = await anInvitation(t.ds, campaignId, employerId, {
      answered_at: new Date(),
    });
    await aSurveyResponse(t.ds, invitation, {
      satisfaction: 4,
      recommend: 9,
      recruitment_needs: '1-2',
      services: ['immersion'],
    });
    const results = await t.http.get(`/api/v1/survey-campaigns/${campaignId}/results`).set(auth);
    conforms('get', '/api/v1/survey-campaigns/{id}/results', results);
    expect((results.body as { bySector: unknown[] }).bySector.length).toBeGreaterThan(0);
    conforms('get', '/public/job-offers', await t.http.get('/public/job-offers'));
    conforms('get', '/health/live', await t.http.get('/health/live'));
    expect((user.body as { id: string }).id).toBeDefined();
    expect(checked.length).toBe(30);
  }, 120_000); // thirty requests, two of them reports, on a machine shared by parallel suites
});
