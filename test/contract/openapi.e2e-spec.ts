import { createTestApp, type TestApp } from '../support/test-app.js';

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
});
