import type { INestApplication } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { IS_PUBLIC } from './auth/auth.decorators.js';
import { OPERATION_SUMMARIES } from './openapi-summaries.js';

export const BEARER = 'bearer';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details, as `src/common/problem.filter.ts` writes them. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    code: { type: 'string', description: 'One code per situation, see docs/errors.md' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const STANDARD_ERRORS: Record<string, string> = {
  '400': 'The request is not valid',
  '401': 'Missing, expired or revoked token',
  '403': 'The role is not allowed',
  '404': 'Not found',
  '429': 'Too many requests',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A route handler of a controller, named as the document's default operation id. */
export interface RouteHandler {
  /** `Controller_method`, the default operation id. */
  operationId: string;
  controller: new (...args: never[]) => unknown;
  handler: (...args: unknown[]) => unknown;
}

/** Every handler of every controller of the application (what Nest routes and documents). */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const out: RouteHandler[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const proto = type.prototype as object;
      for (const name of Object.getOwnPropertyNames(proto)) {
        // The descriptor's value: reading a getter on the bare prototype would run it.
        const handler: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        out.push({
          operationId: `${type.name}_${name}`,
          controller: type,
          handler: handler as RouteHandler['handler'],
        });
      }
    }
  }
  return out;
}

/**
 * Default operation ids of the routes opened by `@Public()`, read from the same metadata the auth
 * guard reads, so the document cannot disagree with the guard.
 */
function publicOperationIds(app: INestApplication): Set<string> {
  const reflector = new Reflector();
  return new Set(
    routeHandlers(app)
      .filter((r) => reflector.getAllAndOverride<boolean>(IS_PUBLIC, [r.handler, r.controller]))
      .map((r) => r.operationId),
  );
}

function isJsonOperation(op: OperationObject): boolean {
  return Object.values(op.responses ?? {}).every((r) => {
    const content = (r as ResponseObject).content;
    return !content || Object.keys(content).some((m) => !m.startsWith('text/html'));
  });
}

/**
 * One place that finishes the document the decorators describe: every operation gets its summary (its `@ApiOperation` or OPERATION_SUMMARIES),
 * its security (`security: []` on `@Public()` routes, the bearer scheme elsewhere, as the global
 * guard does), and its 4xx answers as `application/problem+json` with the shared Problem schema.
 */
export function completeOpenApi(doc: OpenAPIObject, publicIds: Set<string>): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.Problem = PROBLEM_SCHEMA;
  const problemRef = { $ref: '#/components/schemas/Problem' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.summary ||= OPERATION_SUMMARIES[op.operationId ?? ''];
      const open = op.operationId !== undefined && publicIds.has(op.operationId);
      op.security = open ? [] : [{ [BEARER]: [] }];
      if (!isJsonOperation(op)) continue;
      const wanted = ['400', ...(open ? [] : ['401', '403'])];
      if (path.includes('{')) wanted.push('404');
      for (const status of wanted)
        op.responses[status] ??= { description: STANDARD_ERRORS[status] ?? 'Error' };
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        const r = response as ResponseObject;
        r.content = { [PROBLEM_MEDIA_TYPE]: { schema: problemRef } };
      }
    }
  }
  return doc;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Mission Locale — CRM relations entreprises')
    .setDescription('Staff API under /api/v1 (bearer JWT), public job offers and survey pages.')
    .setVersion('1')
    .addServer('/')
    .addBearerAuth(undefined, BEARER)
    .build();
  return completeOpenApi(SwaggerModule.createDocument(app, config), publicOperationIds(app));
}
