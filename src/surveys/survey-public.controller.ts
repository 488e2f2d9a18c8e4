import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { FIRST_QUESTION } from './questionnaire.js';
import { SurveyResponsesService, type TokenContext } from './survey-responses.service.js';
import {
  closedPage,
  lostPage,
  lostSentPage,
  notFoundPage,
  renewSentPage,
  stateFromAnswers,
  stateFromBody,
  surveyPage,
  thankYouPage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from './survey-pages.js';

function send(res: Response, status: number, body: string): void {
  // Pages behind a secret link: never cached by a shared proxy.
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(body);
}

/** The note chosen with a button of the mail, when it is one of the first question's. */
function q1Of(q: unknown): number | undefined {
  const v = Array.isArray(q) ? q[0] : q;
  if (typeof v !== 'string' || !/^\d{1,2}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= FIRST_QUESTION.min && n <= FIRST_QUESTION.max ? n : undefined;
}

/** The pages employers reach from the survey mail: server-rendered French HTML, no script. */
// HTML pages and forms for young people and employers, not part of the API contract.
@ApiExcludeController()
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@Controller('s')
export class SurveyPublicController {
  constructor(private readonly responses: SurveyResponsesService) {}

  @Get('lost')
  lostForm(@Res() res: Response): void {
    send(res, 200, lostPage());
  }

  @Post('lost')
  async lost(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.responses.lost(body?.email);
    send(res, 200, lostSentPage());
  }

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('q1') q1: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const r = await this.responses.show(token);
    if (r.kind === 'not_found') return send(res, 404, notFoundPage());
    if (r.kind === 'closed') return send(res, 410, closedPage(r.ctx.year, token));
    const state = stateFromAnswers(r.answers);
    const preselect = q1Of(q1);
    if (preselect !== undefined) state[FIRST_QUESTION.key] = String(preselect);
    send(res, 200, this.form(token, r.ctx, state, [], r.answered));
  }

  @Post(':token')
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const r = await this.responses.submit(token, body);
    switch (r.kind) {
      case 'not_found':
        return send(res, 404, notFoundPage());
      case 'closed':
        return send(res, 410, closedPage(r.ctx.year, token));
      case 'invalid':
        return send(res, 400, this.form(token, r.ctx, stateFromBody(body), r.errors, false));
      case 'saved':
        return send(res, 200, thankYouPage(r.ctx.year, token, r.ctx.closesOn));
    }
  }

  @Get(':token/unsubscribe')
  async unsubscribeForm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const ctx = await this.responses.resolve(token);
    if (!ctx) return send(res, 404, notFoundPage());
    send(res, 200, ctx.optedOut ? unsubscribedPage() : unsubscribeConfirmPage(token));
  }

  @Post(':token/unsubscribe')
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const ok = await this.responses.unsubscribe(token);
    send(res, ok ? 200 : 404, ok ? unsubscribedPage() : notFoundPage());
  }

  @Post(':token/renew')
  async renew(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const r = await this.responses.renew(token);
    send(res, r === 'done' ? 200 : 404, r === 'done' ? renewSentPage() : notFoundPage());
  }

  private form(
    token: string,
    ctx: TokenContext,
    state: ReturnType<typeof stateFromAnswers>,
    errors: Parameters<typeof surveyPage>[0]['errors'],
    answered: boolean,
  ): string {
    return surveyPage({
      token,
      year: ctx.year,
      employerName: ctx.employerName,
      closesOn: ctx.closesOn,
      state,
      errors,
      alreadyAnswered: answered,
    });
  }
}
