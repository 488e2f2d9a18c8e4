import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { isUuid } from '../../common/uuid.pipe.js';
import { PageIdPipe } from '../page-id.pipe.js';
import type { EmployerListQuery } from '../../employers/employers.dto.js';
import type { JobOfferQuery } from '../../job-offers/dto/job-offer.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import { EventsService } from '../../events/events.service.js';
import { CreateFollowUpDto } from '../../follow-ups/follow-ups.dto.js';
import { FollowUpsService } from '../../follow-ups/follow-ups.service.js';
import { JobOffersService } from '../../job-offers/job-offers.service.js';
import {
  CompletePlacementDto,
  CreatePlacementDto,
  HireDto,
  UpdatePlacementDto,
  RuptureDto,
} from '../../placements/placements.dto.js';
import { PlacementsService } from '../../placements/placements.service.js';
import type { YoungPeopleQuery } from '../../young-people/young-people.dto.js';
import { YoungPeopleService } from '../../young-people/young-people.service.js';
import type { FieldErrors } from '../components/form.js';
import { formFailure, formToBody, readBody, readForm, type FormBody } from '../form-input.js';
import type { PageContext } from '../page-context.js';
import { employerName, personName } from '../record-names.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { Flashes } from '../flash.js';
import type { WebRequest } from '../web-request.js';
import {
  AD_HOC_LABELS,
  COMPLETE_LABELS,
  CompletePlacementPage,
  HIRE_LABELS,
  HirePage,
  NEW_PLACEMENT_LABELS,
  NewPlacementPage,
  PlacementPage,
  RUPTURE_LABELS,
  RupturePage,
  type NewPlacementState,
  type PlacementView,
} from './placements.pages.js';

const SEARCH_LIMIT = 10;
const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 200) : '');
const id = (v: unknown) => (isUuid(v) ? v.toLowerCase() : null);

const HIRE_SHAPE = { numbers: ['weeklyHours'] } as const;

/** A placement, its contract and follow-ups: hire (checked, then confirmed), rupture, completion. */
@WebController('placements')
export class PlacementsWebController {
  constructor(
    private readonly placements: PlacementsService,
    private readonly followUps: FollowUpsService,
    private readonly youngPeople: YoungPeopleService,
    private readonly employers: EmployersService,
    private readonly offers: JobOffersService,
    private readonly events: EventsService,
    private readonly flashes: Flashes,
  ) {}

  /** The placement with the names of who and what it links. */
  async view(id: string): Promise<PlacementView> {
    const placement = await this.placements.get(id);
    const [young, employer, offer, event] = await Promise.all([
      this.youngPeople.get(placement.youngPersonId),
      this.employers.get(placement.employerId),
      placement.jobOfferId ? this.offers.get(placement.jobOfferId) : null,
      placement.eventId ? this.events.get(placement.eventId) : null,
    ]);
    return {
      placement,
      youngPerson: { id: young.id, name: personName(young) },
      employer: { id: employer.id, name: employerName(employer) },
      jobOffer: offer && { id: offer.id, title: offer.title },
      event: event && { id: event.id, title: event.title },
    };
  }

  /** What the new-placement page shows for its query string (unknown ids are simply not chosen). */
  private async newState(query: FormBody): Promise<NewPlacementState> {
    const ypId = id(query.youngPersonId);
    const empId = id(query.employerId);
    const evId = id(query.eventId);
    const youngPersonQuery = text(query.youngPersonQuery);
    const employerQuery = text(query.employerQuery);
    const orNull = <T>(p: Promise<T>) => p.catch(() => null);
    const [young, employer, event, youngFound, employersFound] = await Promise.all([
      ypId ? orNull(this.youngPeople.get(ypId)) : null,
      empId ? orNull(this.employers.get(empId)) : null,
      evId ? orNull(this.events.get(evId)) : null,
      youngPersonQuery && !ypId
        ? this.youngPeople.list({ q: youngPersonQuery, limit: SEARCH_LIMIT } as YoungPeopleQuery)
        : null,
      employerQuery && !empId
        ? this.employers.list({ q: employerQuery, limit: SEARCH_LIMIT } as EmployerListQuery)
        : null,
    ]);
    const offers = employer
      ? (
          await this.offers.list({
            employerId: employer.id,
            limit: 100,
          } as JobOfferQuery)
        ).items.filter((o) => o.status === 'published' || o.status === 'draft')
      : [];
    return {
      youngPerson: young && !young.erasedAt ? { id: young.id, name: personName(young) } : null,
      employer: employer && { id: employer.id, name: employerName(employer) },
      event: event && { id: event.id, title: event.title },
      jobOfferId: id(query.jobOfferId),
      youngPersonQuery,
      employerQuery,
      youngPersonResults: (youngFound?.items ?? [])
        .filter((y) => !y.erasedAt)
        .map((y) => ({ id: y.id, name: personName(y) })),
      employerResults: (employersFound?.items ?? []).map((e) => ({
        id: e.id,
        name: employerName(e),
        city: e.address?.city ?? null,
      })),
      offers: offers.map((o) => ({ id: o.id, title: o.title })),
    };
  }

  @Get('new')
  async newForm(
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const state = await this.newState(query);
    render(res, h(NewPlacementPage, { ctx, state, values: {}, errors: {} }));
  }

  @Post()
  async create(
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let placementId: string;
    try {
      const dto = await readForm(CreatePlacementDto, body);
      placementId = (await this.placements.create(dto, ctx.user!)).id;
    } catch (err) {
      const { status, errors } = formFailure(err, NEW_PLACEMENT_LABELS);
      const state = await this.newState(body);
      return render(res, h(NewPlacementPage, { ctx, state, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Mise en relation créée.');
    redirectAfterPost(res, `/placements/${placementId}`);
  }

  @Get(':id')
  async show(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    render(res, h(PlacementPage, { ctx, view: await this.view(id) }));
  }

  @Post(':id/follow-ups')
  async addFollowUp(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(CreateFollowUpDto, body);
      await this.followUps.createAdHoc(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, AD_HOC_LABELS);
      const view = await this.view(id);
      return render(res, h(PlacementPage, { ctx, view, adHoc: { values: body, errors } }), status);
    }
    await this.flashes.add(req, 'Suivi ajouté.');
    redirectAfterPost(res, `/placements/${id}`);
  }

  /** Before a hire: interview planned, declined, withdrawn (the API's PATCH with a status). */
  @Post(':id/status')
  async move(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const form = formToBody(body, { numbers: ['version'] });
      const dto = await readBody(UpdatePlacementDto, {
        status: form.status,
        version: form.version,
      });
      await this.placements.update(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, NEW_PLACEMENT_LABELS);
      const view = await this.view(id);
      return render(res, h(PlacementPage, { ctx, view, errors }), status);
    }
    await this.flashes.add(req, 'État de la mise en relation modifié.');
    redirectAfterPost(res, `/placements/${id}`);
  }

  @Get(':id/hire')
  async hireForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.view(id);
    if (view.placement.status === 'hired') return res.redirect(303, `/placements/${id}`);
    render(res, h(HirePage, { ctx, view, values: {}, errors: {}, preview: null }));
  }

  /** "Vérifier": the same checks and schedule as the hire, shown, nothing written. */
  @Post(':id/hire/preview')
  async hirePreview(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    let status = 200;
    let errors: FieldErrors = {};
    let preview = null;
    try {
      const dto = await readForm(HireDto, body, HIRE_SHAPE);
      preview = await this.placements.previewHire(id, dto);
    } catch (err) {
      ({ status, errors } = formFailure(err, HIRE_LABELS));
    }
    const view = await this.view(id);
    render(res, h(HirePage, { ctx, view, values: body, errors, preview }), status);
  }

  /** "Confirmer l'embauche". */
  @Post(':id/hire')
  async hire(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(HireDto, body, HIRE_SHAPE);
      await this.placements.hire(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, HIRE_LABELS);
      const view = await this.view(id);
      return render(res, h(HirePage, { ctx, view, values: body, errors, preview: null }), status);
    }
    await this.flashes.add(req, 'Embauche enregistrée. Les suivis sont programmés.');
    redirectAfterPost(res, `/placements/${id}`);
  }

  @Get(':id/rupture')
  async ruptureForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    render(res, h(RupturePage, { ctx, view: await this.view(id), values: {}, errors: {} }));
  }

  @Post(':id/rupture')
  async rupture(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(RuptureDto, body);
      await this.placements.rupture(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, RUPTURE_LABELS);
      const view = await this.view(id);
      return render(res, h(RupturePage, { ctx, view, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Rupture enregistrée. Un bilan avec le jeune est programmé.');
    redirectAfterPost(res, `/placements/${id}`);
  }

  @Get(':id/complete')
  async completeForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    render(
      res,
      h(CompletePlacementPage, { ctx, view: await this.view(id), values: {}, errors: {} }),
    );
  }

  @Post(':id/complete')
  async complete(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(CompletePlacementDto, body);
      await this.placements.complete(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, COMPLETE_LABELS);
      const view = await this.view(id);
      return render(res, h(CompletePlacementPage, { ctx, view, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Fin du contrat enregistrée.');
    redirectAfterPost(res, `/placements/${id}`);
  }
}
