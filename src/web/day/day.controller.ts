import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { EmployersService } from '../../employers/employers.service.js';
import type { EmployerListQuery } from '../../employers/employers.dto.js';
import { AgendaService } from '../../follow-ups/agenda.service.js';
import type { PageContext } from '../page-context.js';
import { render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { DAY_LIST_LIMIT, DayQueries } from './day.queries.js';
import { DayPage } from './day.pages.js';

/** GET /: Ma journée (a visitor without a session is sent to /login by the guard). */
@WebController()
export class DayController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly employers: EmployersService,
    private readonly queries: DayQueries,
  ) {}

  @Get()
  async show(
    @Ctx() ctx: PageContext,
    @Query('voir') voir: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const me = ctx.user!.id;
    const dormantQuery = { referentId: me, dormant: true, limit: DAY_LIST_LIMIT };
    const full = voir === 'tout';
    const [agenda, dormant, atRisk] = await Promise.all([
      this.agenda.forDay(me, full ? null : DAY_LIST_LIMIT),
      this.employers.list(dormantQuery as EmployerListQuery),
      this.queries.atRiskPlacements(me),
    ]);
    render(
      res,
      h(DayPage, {
        ctx,
        agenda,
        dormant: dormant.items,
        moreDormant: dormant.nextCursor !== null,
        atRisk,
      }),
    );
  }
}
