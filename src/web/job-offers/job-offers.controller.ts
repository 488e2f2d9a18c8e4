import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { isUuid } from '../../common/uuid.pipe.js';
import { PageIdPipe } from '../page-id.pipe.js';
import type { EmployerListQuery } from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import {
  CreateJobOfferDto,
  JobOfferQuery,
  TransitionDto,
  UpdateJobOfferDto,
} from '../../job-offers/dto/job-offer.dto.js';
import { allowedTransitions } from '../../job-offers/job-offer-transitions.js';
import { JobOffersService } from '../../job-offers/job-offers.service.js';
import type { FieldErrors } from '../components/form.js';
import { Flashes } from '../flash.js';
import { formFailure, readForm, type FormBody } from '../form-input.js';
import type { PageContext } from '../page-context.js';
import { employerName, employerNamesById } from '../record-names.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import {
  ChooseEmployerPage,
  JOB_OFFER_LABELS,
  JobOfferFormPage,
  JobOfferPage,
  JobOffersListPage,
  type OfferRow,
} from './job-offers.pages.js';

const OFFER_SHAPE = { numbers: ['weeklyHours', 'positions', 'version'] } as const;
const EDIT_SHAPE = { ...OFFER_SHAPE, nullWhenEmpty: ['weeklyHours', 'startDate'] } as const;

const TRANSITION_DONE: Record<string, string> = {
  published: 'Offre publiée.',
  filled: 'Offre marquée comme pourvue.',
  closed: 'Offre annulée.',
};

/** Job offers: list, create, edit, publish / fill / cancel (the API's transitions). */
@WebController('job-offers')
export class JobOffersWebController {
  constructor(
    private readonly offers: JobOffersService,
    private readonly employers: EmployersService,
    private readonly flashes: Flashes,
  ) {}

  @Get()
  async list(
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    let rows: OfferRow[] = [];
    let nextUrl: string | null = null;
    let status = 200;
    let errors: FieldErrors = {};
    try {
      const parsed = await readForm(JobOfferQuery, query, { numbers: ['limit'] });
      const page = await this.offers.list(parsed);
      const names = await employerNamesById(
        this.employers,
        page.items.map((o) => o.employerId),
      );
      rows = page.items.map((offer) => ({
        offer,
        employerName: names.get(offer.employerId) ?? '',
      }));
      if (page.nextCursor) {
        const params = new URLSearchParams();
        for (const k of ['status', 'contractType'] as const)
          if (typeof query[k] === 'string' && query[k]) params.set(k, query[k]);
        params.set('cursor', page.nextCursor);
        nextUrl = `/job-offers?${params.toString()}`;
      }
    } catch (err) {
      ({ status, errors } = formFailure(err, JOB_OFFER_LABELS));
    }
    render(res, h(JobOffersListPage, { ctx, filters: query, rows, nextUrl, errors }), status);
  }

  private async employerOf(id: string) {
    const e = await this.employers.get(id);
    return {
      id: e.id,
      name: employerName(e),
      inseeCode: e.address?.inseeCode ?? null,
      postalCode: e.address?.postalCode ?? null,
    };
  }

  @Get('new')
  async createForm(
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    if (isUuid(query.employerId)) {
      const employer = await this.employerOf(query.employerId);
      return render(
        res,
        h(JobOfferFormPage, { ctx, employer, offer: null, values: {}, errors: {} }),
      );
    }
    const q = typeof query.employerQuery === 'string' ? query.employerQuery.trim() : '';
    const found = q
      ? await this.employers.list({ q: q.slice(0, 200), limit: 10 } as EmployerListQuery)
      : { items: [] };
    const results = found.items.map((e) => ({
      id: e.id,
      name: employerName(e),
      city: e.address?.city ?? null,
    }));
    render(res, h(ChooseEmployerPage, { ctx, q, results }));
  }

  @Post()
  async create(
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let id: string;
    try {
      const dto = await readForm(CreateJobOfferDto, body, OFFER_SHAPE);
      id = (await this.offers.create(dto, ctx.user!)).id;
    } catch (err) {
      const { status, errors } = formFailure(err, JOB_OFFER_LABELS);
      if (!isUuid(body.employerId)) throw err;
      const employer = await this.employerOf(body.employerId);
      return render(
        res,
        h(JobOfferFormPage, { ctx, employer, offer: null, values: body, errors }),
        status,
      );
    }
    await this.flashes.add(req, 'Offre créée en brouillon.');
    redirectAfterPost(res, `/job-offers/${id}`);
  }

  @Get(':id')
  async show(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderOffer(res, ctx, id, {}, 200);
  }

  private async renderOffer(
    res: Response,
    ctx: PageContext,
    id: string,
    errors: FieldErrors,
    status: number,
  ): Promise<void> {
    const offer = await this.offers.get(id);
    const employer = await this.employers.get(offer.employerId);
    render(
      res,
      h(JobOfferPage, {
        ctx,
        offer,
        employerName: employerName(employer),
        transitions: allowedTransitions(offer.status),
        errors,
      }),
      status,
    );
  }

  @Get(':id/edit')
  async editForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const offer = await this.offers.get(id);
    const employer = await this.employerOf(offer.employerId);
    render(res, h(JobOfferFormPage, { ctx, employer, offer, values: {}, errors: {} }));
  }

  @Post(':id/edit')
  async edit(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(UpdateJobOfferDto, body, EDIT_SHAPE);
      await this.offers.update(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, JOB_OFFER_LABELS);
      const offer = await this.offers.get(id);
      const employer = await this.employerOf(offer.employerId);
      return render(
        res,
        h(JobOfferFormPage, { ctx, employer, offer, values: body, errors }),
        status,
      );
    }
    await this.flashes.add(req, 'Modifications enregistrées.');
    redirectAfterPost(res, `/job-offers/${id}`);
  }

  @Post(':id/transitions')
  async transition(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let to: string;
    try {
      const dto = await readForm(TransitionDto, body, { numbers: ['version'] });
      to = (await this.offers.transition(id, dto, ctx.user!)).status;
    } catch (err) {
      const { status, errors } = formFailure(err, JOB_OFFER_LABELS);
      return this.renderOffer(res, ctx, id, errors, status);
    }
    await this.flashes.add(req, TRANSITION_DONE[to] ?? 'État de l’offre modifié.');
    redirectAfterPost(res, `/job-offers/${id}`);
  }
}
