import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { PageIdPipe } from '../page-id.pipe.js';
import { EmployersService } from '../../employers/employers.service.js';
import { CalendarService } from '../../follow-ups/calendar.service.js';
import { CompleteFollowUpDto, UpdateFollowUpDto } from '../../follow-ups/follow-ups.dto.js';
import { FollowUpsService } from '../../follow-ups/follow-ups.service.js';
import { PlacementsService } from '../../placements/placements.service.js';
import { YoungPeopleService } from '../../young-people/young-people.service.js';
import { Flashes } from '../flash.js';
import { formFailure, readForm, type FormBody } from '../form-input.js';
import type { PageContext } from '../page-context.js';
import { employerName, personName } from '../record-names.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import {
  CalendarPage,
  COMPLETE_FOLLOW_UP_LABELS,
  CompleteFollowUpPage,
  RESCHEDULE_LABELS,
  RescheduleFollowUpPage,
  type FollowUpView,
} from './follow-ups.pages.js';

const VERSION = { numbers: ['version'] } as const;

/** Follow-ups: record one as done (Ma journée links here), reschedule one. */
@WebController('follow-ups')
export class FollowUpsWebController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly placements: PlacementsService,
    private readonly youngPeople: YoungPeopleService,
    private readonly employers: EmployersService,
    private readonly flashes: Flashes,
  ) {}

  private async view(id: string): Promise<FollowUpView> {
    const followUp = await this.followUps.get(id);
    const placement = await this.placements.get(followUp.placementId);
    const [young, employer] = await Promise.all([
      this.youngPeople.get(placement.youngPersonId),
      this.employers.get(placement.employerId),
    ]);
    return {
      followUp,
      placementId: placement.id,
      youngPerson: personName(young),
      employer: employerName(employer),
    };
  }

  @Get(':id/complete')
  async completeForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.view(id);
    const today = this.followUps.today();
    render(res, h(CompleteFollowUpPage, { ctx, view, today, values: {}, errors: {} }));
  }

  @Post(':id/complete')
  async complete(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let placementId: string;
    try {
      const dto = await readForm(CompleteFollowUpDto, body, VERSION);
      placementId = (await this.placements.completeFollowUp(id, dto, ctx.user!)).placementId;
    } catch (err) {
      const { status, errors } = formFailure(err, COMPLETE_FOLLOW_UP_LABELS);
      const view = await this.view(id);
      const today = this.followUps.today();
      return render(
        res,
        h(CompleteFollowUpPage, { ctx, view, today, values: body, errors }),
        status,
      );
    }
    await this.flashes.add(req, 'Suivi enregistré.');
    redirectAfterPost(res, `/placements/${placementId}`);
  }

  @Get(':id/reschedule')
  async rescheduleForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    render(
      res,
      h(RescheduleFollowUpPage, { ctx, view: await this.view(id), values: {}, errors: {} }),
    );
  }

  @Post(':id/reschedule')
  async reschedule(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let placementId: string;
    try {
      const dto = await readForm(UpdateFollowUpDto, body, VERSION);
      // An empty channel select means "not decided": clear it, as the API's null does.
      if (dto.channel === undefined) dto.channel = null;
      placementId = (await this.followUps.update(id, dto, ctx.user!)).placementId;
    } catch (err) {
      const { status, errors } = formFailure(err, RESCHEDULE_LABELS);
      const view = await this.view(id);
      return render(res, h(RescheduleFollowUpPage, { ctx, view, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Suivi reporté.');
    redirectAfterPost(res, `/placements/${placementId}`);
  }
}

/** GET /me/calendar: the calendar subscription of the signed-in user; POST makes a new link. */
@WebController('me/calendar')
export class CalendarWebController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  async show(@Ctx() ctx: PageContext, @Res() res: Response): Promise<void> {
    const createdAt = await this.calendar.createdAt(ctx.user!.id);
    render(res, h(CalendarPage, { ctx, createdAt, url: null }));
  }

  /** The link is stored hashed: this answer is the only time it is shown (not a redirect). */
  @Post()
  async rotate(@Ctx() ctx: PageContext, @Res() res: Response): Promise<void> {
    const { url } = await this.calendar.newUrl(ctx.user!.id);
    const createdAt = await this.calendar.createdAt(ctx.user!.id);
    render(res, h(CalendarPage, { ctx, createdAt, url }));
  }
}
