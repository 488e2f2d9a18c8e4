import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { readRoutingMiddleware } from './database/read-replicas.js';
import { buildOpenApi } from './openapi.js';
import { AppExceptionFilter } from './web/errors/unknown-page.filter.js';

export const BODY_LIMIT = '256kb';

const UNSTORABLE = 'Text must be valid Unicode without NUL characters';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

function unstorable(): Error {
  return Object.assign(new Error(UNSTORABLE), { status: 400, publicDetail: UNSTORABLE });
}

/**
 * PostgreSQL text and jsonb cannot hold NUL, and a lone UTF-16 surrogate is not Unicode: both
 * made the database throw (a 500) deep inside whichever module stored them. Refused at the door.
 */
function refuseUnstorableJson(key: string, value: unknown): unknown {
  if ((typeof value === 'string' && !storable(value)) || !storable(key)) throw unstorable();
  return value;
}

/** Deeper than any body this API takes (its DTOs nest a few levels). */
export const MAX_JSON_DEPTH = 64;
const TOO_DEEP = 'The JSON body is nested too deeply';

/**
 * A JSON body nested thousands of levels deep overflowed the stack while it was parsed (the
 * reviver) or validated, and the error's own message reached the client. Its raw bytes are
 * scanned before parsing (linear, strings skipped): deeper than MAX_JSON_DEPTH is a plain 400.
 */
function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error(TOO_DEEP), { status: 400, publicDetail: TOO_DEEP });
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** The same for form bodies (the survey pages), checked on the raw bytes: %00 or a raw NUL. */
function refuseUnstorableForm(_req: unknown, _res: unknown, buf: Buffer): void {
  if (buf.includes(0) || /%00/i.test(buf.toString('latin1'))) throw unstorable();
}

/**
 * And for query strings (a search for `a%00b` reached PostgreSQL). Path segments are left to the
 * routes: their pipes and token checks already answer a malformed id with a 404 or a 400.
 */
function refuseUnstorableQuery(req: { url: string }, _res: unknown, next: (e?: Error) => void) {
  const q = req.url.indexOf('?');
  next(q >= 0 && /%00/i.test(req.url.slice(q)) ? unstorable() : undefined);
}

function noStore(_req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Everything HTTP-level, shared by main.ts and the end-to-end tests so both run the same app. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Behind a reverse proxy, req.ip (rate limits) is the client's address from X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'extended');
  app.use(refuseUnstorableQuery);
  // body-parser's `verify` is passed through, though Nest's option type does not list it.
  const json = { limit: BODY_LIMIT, reviver: refuseUnstorableJson, verify: refuseDeepJson };
  app.useBodyParser('json', json as { limit: string });
  // body-parser's `verify` is passed through, though Nest's option type does not list it.
  const form = { limit: BODY_LIMIT, extended: false, verify: refuseUnstorableForm };
  app.useBodyParser('urlencoded', form as { limit: string; extended: boolean });
  // After the body parsers, whose stream callbacks would lose the request's async context: GET
  // and HEAD may read from a replica, any other method reads from the primary (ADR 1610).
  app.use(readRoutingMiddleware);
  // HSTS and upgrade-insecure-requests only make sense behind https; on a plain-http test rig
  // they would send browsers to a port nobody listens on.
  const https = new URL(config.publicBaseUrl).protocol === 'https:';
  app.use(
    helmet({
      strictTransportSecurity: https,
      referrerPolicy: { policy: 'no-referrer' },
      contentSecurityPolicy: {
        directives: {
          // Survey and offer pages need no script; Swagger UI loads its own from 'self'.
          'script-src': ["'self'"],
          'form-action': ["'self'"],
          // No page may be framed (clickjacking), except the job board's embed view, which
          // opens it to EMBED_ORIGINS itself (src/public/public-http.ts).
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      frameguard: { action: 'deny' },
    }),
  );
  // The staff API answers with personal data, exports included: no browser or proxy keeps it.
  // Public pages and feeds live outside /api/v1 and set their own public max-age.
  app.use('/api/v1', noStore);
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.useGlobalPipes(createValidationPipe());
  // problem+json everywhere; a browser lost outside the API gets the staff 404 page.
  app.useGlobalFilters(new AppExceptionFilter(config.timeZone));
  // The full route map helps an attacker more than an operator in production: API_DOCS=true opens it.
  if (config.apiDocs)
    SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
}
