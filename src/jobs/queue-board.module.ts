import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokens } from '../auth/access-tokens.js';
import { AuthModule } from '../auth/auth.module.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { problem } from '../common/problem.filter.js';
import { QUEUE_NAMES } from '../queue/queue.constants.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Lets the board's own page, scripts and API calls through once a bearer request got in. */
const COOKIE = 'crm_queues';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Bull Board at /admin/queues for admins. The global AuthGuard only covers Nest routes, so this
 * mount checks the same things itself: a valid HS256 token for an active admin, re-read on every
 * request. Browsers cannot add a bearer header to the board's own asset and API requests, so a
 * request that authenticated with the header also gets the token back as an HttpOnly,
 * SameSite=Strict cookie scoped to this path, verified the same way.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly tokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Worker-only processes have no HTTP server.
    const http = this.adapterHost.httpAdapter as { getInstance?: () => unknown } | undefined;
    const app = http?.getInstance?.() as
      { use: (path: string, ...handlers: unknown[]) => void } | undefined;
    if (!app || typeof app.use !== 'function') return;

    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    const queues = QUEUE_NAMES.map(
      (name) =>
        new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })),
    );
    createBullBoard({
      queues,
      // One copy of @bull-board/api: package.json pins it to the version @bull-board/express uses.
      serverAdapter,
      options: { uiConfig: { boardTitle: 'CRM — files' } },
    });
    app.use(
      QUEUE_BOARD_PATH,
      (req: Request, res: Response, next: NextFunction) => void this.gate(req, res, next),
      serverAdapter.getRouter(),
    );
  }

  private async gate(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? readCookie(req, COOKIE);
    const deny = (status: 401 | 403, detail: string) => {
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res
        .status(status)
        .type('application/problem+json')
        .send(JSON.stringify(problem(status, detail)));
    };
    if (!token) return deny(401, 'A bearer token is required');
    let exp: number;
    try {
      // The same checks as the API's guard: signature, active user, revocation, logout.
      const verified = await this.tokens.verify(token);
      if (!verified) return deny(401, 'The token is invalid or expired');
      if (verified.user.role !== 'admin')
        return deny(403, 'The queue dashboard needs the admin role');
      exp = verified.claims.exp;
    } catch {
      res
        .status(503)
        .type('application/problem+json')
        .send(JSON.stringify(problem(503, 'Try again later')));
      return;
    }
    if (bearer) {
      const maxAge = Math.max(0, Math.floor(exp - Date.now() / 1000));
      const secure = this.config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${encodeURIComponent(bearer)}; Path=${QUEUE_BOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`,
      );
    }
    next();
  }
}

/** HTTP roles only need it, but it is harmless in a worker (no HTTP adapter: nothing mounted). */
@Module({ imports: [AuthModule], providers: [QueueBoard] })
export class QueueBoardModule {}
