import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/config.js';

/**
 * Request logs carry method, path, status and timing only. Query strings are dropped (they hold
 * search terms, survey and calendar tokens); headers are not logged at all.
 */
export function loggerParams(
  config: AppConfig,
  stream?: DestinationStream,
  terminal = process.stdout.isTTY === true,
): Params {
  const options = {
    level: config.logLevel,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: redactPath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    quietReqLogger: true,
    // A developer's terminal gets readable lines; pipes, files and production keep JSON.
    ...(!stream && terminal && config.nodeEnv !== 'production'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  } satisfies Params['pinoHttp'];
  return { pinoHttp: stream ? [options, stream] : options };
}

/** Path without query string, with token-bearing segments masked. */
export function redactPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/s\/[^/]+/, '/s/:token').replace(/^\/calendar\/[^/]+/, '/calendar/:token');
}
